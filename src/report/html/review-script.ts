// The inline script of the HTML access review. The matrix is drawn from the page's data
// (review-data.ts), never written out as markup: only the rows and columns in view are in the
// document (a virtualised table, so a 5,000 × 2,000 organisation opens as fast as a small one),
// and the filters (principal and resource text, access, level, hiding rows and columns where no
// access is shown) work on the data. A cell's explanation is built when the cell is opened, from
// the `review-explain` block, parsed the first time. One cell is in the tab order; the arrow keys,
// Home/End (with Ctrl: first or last row) and Page Up/Down move between cells. It also shows, on
// request, the entries of long lists past the first ones: risk findings from the review-risks
// block, role chains and changes from <template> elements. It only uses textContent and DOM nodes
// (never innerHTML with data), reads nothing from the network and needs no library.

export const REVIEW_SCRIPT = `
(function () {
  'use strict';

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Why an indeterminate finding is so: the list why-list.ts \`whyList\` writes, one
  // 'indeterminate because' item per reason line (string indexes into risks.s), and how many more.
  function findingWhyList(lines, more) {
    var ul = el('ul', null, 'why');
    for (var i = 0; i < lines.length; i++) ul.appendChild(el('li', 'indeterminate because ' + risks.s[lines[i]]));
    if (more) ul.appendChild(el('li', 'and ' + more + ' more', 'note'));
    return ul;
  }

  // Lists beyond their first entries: role chains and changes in <template>s, risk findings as
  // data (the review-risks block) drawn as the rows above them.
  var risks = null;
  function findingRows(kind) {
    if (!risks) risks = JSON.parse(document.getElementById('review-risks').textContent);
    var rows = document.createDocumentFragment();
    var list = risks.kinds[kind] || [];
    for (var i = 0; i < list.length; i++) {
      var f = list[i];
      var tr = el('tr');
      var sev = el('td');
      sev.appendChild(el('span', f[0], 'sev sev-' + f[0]));
      tr.appendChild(sev);
      var th = el('th', risks.s[f[1]]);
      th.scope = 'row';
      th.title = risks.s[f[2]];
      tr.appendChild(th);
      var message = el('td', risks.s[f[3]]);
      if (f[5]) message.appendChild(findingWhyList(f[5], f[6]));
      tr.appendChild(message);
      var refs = el('td');
      if (!f[4].length) refs.appendChild(el('span', '(no statement recorded)', 'note'));
      else {
        var ul = el('ul', null, 'refs');
        for (var k = 0; k < f[4].length; k++) {
          var g = f[4][k];
          var li = el('li', risks.s[risks.g[2 * g]]);
          li.appendChild(document.createTextNode(' '));
          li.appendChild(el('span', 'at ' + risks.s[risks.g[2 * g + 1]], 'src'));
          ul.appendChild(li);
        }
        refs.appendChild(ul);
      }
      tr.appendChild(refs);
      rows.appendChild(tr);
    }
    return rows;
  }
  document.addEventListener('click', function (event) {
    var more = event.target.closest && event.target.closest('button.show-more');
    if (!more) return;
    var target = document.getElementById(more.getAttribute('data-target'));
    if (!target) return;
    if (more.hasAttribute('data-risks')) target.appendChild(findingRows(more.getAttribute('data-risks')));
    else {
      var template = document.getElementById(more.getAttribute('data-template'));
      if (template) target.appendChild(document.importNode(template.content, true));
    }
    more.parentNode.removeChild(more);
  });

  var dataNode = document.getElementById('review-data');
  var table = document.getElementById('matrix');
  if (!dataNode || !table) return;
  var D = JSON.parse(dataNode.textContent);
  dataNode.textContent = '';
  var X = null;
  var S = D.s;
  var L = D.levels.length;
  var NP = D.p.length / 4;
  var NR = D.r.length / 4;
  var ACCESS = ['allow', 'conditional', 'indeterminate', 'deny'];
  var CHANGE_SIGN = { '+': '+', '-': '\\u2212', '~': '~' };
  var CHANGE_WORD = { '+': 'added', '-': 'removed', '~': 'changed' };
  var SHOWN_ACTIONS = 8;
  var TITLE_ACTIONS = 6;
  var OVERSCAN_ROWS = 6;
  var OVERSCAN_COLUMNS = 2;
  var MAX_COLUMN_EM = 20;
  var MAX_LABEL_EM = 28;

  // Rows: column deltas to columns, in place.
  for (var pr = 0; pr < NP; pr++) {
    var cols = D.rows[pr];
    var last = -1;
    for (var k = 0; k < cols.length; k += 2) {
      last += cols[k];
      cols[k] = last;
    }
  }

  var scroller = document.getElementById('matrix-scroll');
  var caption = table.querySelector('caption');
  var headRow = table.querySelector('thead > tr');
  var body = table.querySelector('tbody');
  var filterPrincipal = document.getElementById('filter-principal');
  var filterResource = document.getElementById('filter-resource');
  var hideEmpty = document.getElementById('hide-empty');
  var status = document.getElementById('status');

  function pLabel(p) { return S[D.p[4 * p]]; }
  function pArn(p) { return S[D.p[4 * p + 1]]; }
  function pKind(p) { return S[D.p[4 * p + 2]]; }
  function pSource(p) { return S[D.p[4 * p + 3]]; }
  function rLabel(r) { return S[D.r[4 * r]]; }
  function rArn(r) { return S[D.r[4 * r + 1]]; }
  function rKind(r) { return S[D.r[4 * r + 2]]; }
  function rSource(r) { return S[D.r[4 * r + 3]]; }

  /** The cell's shape, or -1 when it denies at every level (binary search in its row). */
  function shapeOf(p, r) {
    var row = D.rows[p];
    var lo = 0;
    var hi = row.length / 2 - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var c = row[2 * mid];
      if (c === r) return row[2 * mid + 1];
      if (c < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  function levelOf(shape, l) { return shape < 0 ? 0 : D.shapes[shape * L + l]; }
  function accessCode(shape, l) { return D.lx[2 * levelOf(shape, l)]; }

  // ---- filters, on the data ----
  var rowOrder = [];
  var colOrder = [];
  var colPos = new Int32Array(NR);
  var levelOn = [];
  var accessOn = [];

  function checked(name) {
    var out = [];
    var inputs = document.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) out.push(inputs[i].value);
    return out;
  }
  // What the text filters search, in lower case (built on the first search).
  var principalText = null;
  var resourceText = null;
  function principalMatches(p, query) {
    if (!query) return true;
    if (!principalText) {
      principalText = [];
      for (var i = 0; i < NP; i++) principalText.push((pLabel(i) + ' ' + pArn(i) + ' ' + pKind(i)).toLowerCase());
    }
    return principalText[p].indexOf(query) >= 0;
  }
  function resourceMatches(r, query) {
    if (!query) return true;
    if (!resourceText) {
      resourceText = [];
      for (var i = 0; i < NR; i++) resourceText.push((rLabel(i) + ' ' + rArn(i) + ' ' + rKind(i)).toLowerCase());
    }
    return resourceText[r].indexOf(query) >= 0;
  }
  function markShown(code, l) { return levelOn[l] && accessOn[code]; }

  /**
   * What the access and level filters hide that may grant access, said with the status: an
   * unchecked access value other than deny, an unchecked level.
   */
  function hiddenMarks() {
    var off = [];
    for (var a = 0; a < 3; a++) if (!accessOn[a]) off.push(ACCESS[a]);
    var levelsOff = [];
    for (var l = 0; l < L; l++) if (!levelOn[l]) levelsOff.push(D.levels[l]);
    var parts = [];
    if (off.length) parts.push(off.join(', ') + ' access');
    if (levelsOff.length) parts.push('the ' + levelsOff.join(', ') + ' level' + (levelsOff.length > 1 ? 's' : ''));
    return parts.length ? ' Not shown by the filters: ' + parts.join(' and ') + '.' : '';
  }

  function applyFilters() {
    var pq = filterPrincipal.value.trim().toLowerCase();
    var rq = filterResource.value.trim().toLowerCase();
    var i;
    levelOn = [];
    for (i = 0; i < L; i++) levelOn.push(false);
    checked('level').forEach(function (v) { levelOn[Number(v)] = true; });
    accessOn = [false, false, false, false];
    checked('access').forEach(function (v) { accessOn[ACCESS.indexOf(v)] = true; });
    var hide = hideEmpty.checked;
    var shapeCount = D.shapes.length / L;
    var shapeShows = new Uint8Array(shapeCount);
    for (var s = 0; s < shapeCount && hide; s++) {
      for (var l = 0; l < L; l++) {
        var code = D.lx[2 * D.shapes[s * L + l]];
        if (code !== 3 && markShown(code, l)) { shapeShows[s] = 1; break; }
      }
    }
    var colOn = new Uint8Array(NR);
    for (var r = 0; r < NR; r++) colOn[r] = resourceMatches(r, rq) ? 1 : 0;
    var colUsed = new Uint8Array(NR);
    var rows = [];
    for (var p = 0; p < NP; p++) {
      if (!principalMatches(p, pq)) continue;
      if (!hide) { rows.push(p); continue; }
      // Hiding what shows no access: a row (and a column) stays when one of its cells shows a mark.
      var used = false;
      var row = D.rows[p];
      for (var c = 0; c < row.length; c += 2) {
        if (colOn[row[c]] && shapeShows[row[c + 1]]) { used = true; colUsed[row[c]] = 1; }
      }
      if (used) rows.push(p);
    }
    var cols = [];
    for (r = 0; r < NR; r++) if (colOn[r] && (!hide || colUsed[r])) cols.push(r);
    rowOrder = rows;
    colOrder = cols;
    colPos.fill(-1);
    for (i = 0; i < cols.length; i++) colPos[cols[i]] = i;
    if (open && rowOrder.indexOf(open.p) < 0) closeExplanation();
    layoutColumns();
    status.textContent = 'Showing ' + rows.length + ' of ' + NP + ' principals and ' + cols.length +
      ' of ' + NR + ' resources.' + hiddenMarks();
    render(true);
  }

  // ---- geometry ----
  var rowHeight = 0;
  var labelWidth = 0;
  var colWidth = new Float64Array(NR);
  var colStart = new Float64Array(1);
  var totalWidth = 0;

  function px(style, names) {
    var sum = 0;
    for (var i = 0; i < names.length; i++) sum += parseFloat(style[names[i]]) || 0;
    return sum;
  }

  /** Column widths from their labels (measured on a canvas) and the widest cell. */
  function measure() {
    var canvas = document.createElement('canvas').getContext('2d');
    var probe = el('tr', null, 'principal');
    var th = el('th');
    th.scope = 'col';
    th.appendChild(el('span', 'M', 'label'));
    th.appendChild(el('span', 'M', 'kind'));
    var td = el('td');
    var button = el('button', null, 'cell');
    for (var l = 0; l < L; l++) {
      var mark = el('span', levelLetter(l) + '?', 'lv indeterminate');
      if (D.changes) mark.appendChild(el('sup', '~'));
      button.appendChild(mark);
    }
    td.appendChild(button);
    probe.appendChild(th);
    probe.appendChild(td);
    body.appendChild(probe);
    var thStyle = getComputedStyle(th);
    var labelFont = getComputedStyle(th.firstChild).font;
    var kindFont = getComputedStyle(th.lastChild).font;
    var fontSize = parseFloat(thStyle.fontSize) || 14;
    var pad = px(thStyle, ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']) + 2;
    var cellWidth = td.getBoundingClientRect().width + 1;
    // (A page laid out without a size, hidden or printing, still gets rows of some height.)
    rowHeight = probe.getBoundingClientRect().height || 2.8 * fontSize;
    body.removeChild(probe);
    function textWidth(text, font) {
      canvas.font = font;
      return canvas.measureText(text).width;
    }
    var maxColumn = MAX_COLUMN_EM * fontSize;
    for (var r = 0; r < NR; r++) {
      var w = Math.max(textWidth(rLabel(r), labelFont), textWidth(rKind(r), kindFont));
      colWidth[r] = Math.ceil(Math.max(cellWidth, Math.min(w, maxColumn) + pad));
    }
    var widest = textWidth('Principal', labelFont);
    for (var p = 0; p < NP; p++) {
      widest = Math.max(widest, textWidth(pLabel(p), labelFont), textWidth(pKind(p), kindFont));
    }
    labelWidth = Math.ceil(Math.min(widest, MAX_LABEL_EM * fontSize) + pad);
  }

  function levelLetter(l) {
    var name = D.levels[l];
    return name === 'Permissions management' ? 'P' : name.charAt(0);
  }

  function layoutColumns() {
    colStart = new Float64Array(colOrder.length + 1);
    for (var i = 0; i < colOrder.length; i++) colStart[i + 1] = colStart[i] + colWidth[colOrder[i]];
    totalWidth = colStart[colOrder.length];
    table.style.width = labelWidth + totalWidth + 'px';
  }

  /** The first column (position in colOrder) whose right edge is past x. */
  function columnAt(x) {
    var lo = 0;
    var hi = colOrder.length - 1;
    var found = colOrder.length;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (colStart[mid + 1] > x) { found = mid; hi = mid - 1; }
      else lo = mid + 1;
    }
    return found;
  }

  // ---- the explanation of one cell (one open at a time) ----
  var open = null; // { p, r, node, height }

  function explainData() {
    if (!X) {
      var node = document.getElementById('review-explain');
      X = JSON.parse(node.textContent);
      node.textContent = '';
    }
    return X;
  }

  function grantItem(x, index) {
    var li = el('li');
    li.appendChild(el('span', x.xs[x.g[2 * index]]));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'at ' + x.xs[x.g[2 * index + 1]], 'src'));
    return li;
  }

  function actionItems(list) {
    var items = [];
    for (var i = 0; i < list.length; ) {
      var li = el('li');
      li.appendChild(el('code', S[list[i]]));
      li.appendChild(document.createTextNode(' ' + ACCESS[list[i + 1]]));
      var n = list[i + 2];
      if (n) {
        var conds = el('ul');
        for (var c = 0; c < n; c++) conds.appendChild(el('li', 'only when ' + S[list[i + 3 + c]]));
        li.appendChild(conds);
      }
      items.push(li);
      i += 3 + n;
    }
    return items;
  }

  function explain(p, r) {
    var x = explainData();
    var shape = shapeOf(p, r);
    var box = el('div', null, 'explanation');
    box.appendChild(el('h3', pLabel(p) + ' on ' + rLabel(r)));
    var ids = el('p', null, 'note');
    ids.appendChild(el('span', pArn(p), 'mono'));
    ids.appendChild(document.createTextNode(' (' + pKind(p) + ', defined at ' + pSource(p) + ') on '));
    ids.appendChild(el('span', rArn(r), 'mono'));
    ids.appendChild(document.createTextNode(' (' + rKind(r) + ', defined at ' + rSource(r) + ')'));
    box.appendChild(ids);
    var denied = [];
    var undecided = null; // the first indeterminate action
    var explained = false; // some level lists its reasons
    for (var l = 0; l < L; l++) {
      var level = levelOf(shape, l);
      var access = ACCESS[D.lx[2 * level]];
      var actions = D.lx[2 * level + 1];
      var grants = x.lg[level];
      if (access === 'deny' && grants < 0) {
        denied.push(D.levels[l]);
        continue;
      }
      var section = el('div', null, 'level ' + access);
      section.appendChild(el('h4', D.levels[l] + ': ' + access));
      if (actions >= 0) {
        // Long lists (ReadOnlyAccess: hundreds of actions) collapse after the first few.
        var items = actionItems(D.al[actions]);
        var list = el('ul');
        var rest = items.length > SHOWN_ACTIONS + 1 ? el('ul') : null;
        for (var i = 0; i < items.length; i++) (rest && i >= SHOWN_ACTIONS ? rest : list).appendChild(items[i]);
        section.appendChild(list);
        if (rest) {
          var fold = el('details', null, 'more-actions');
          fold.appendChild(el('summary', 'and ' + (items.length - SHOWN_ACTIONS) + ' more actions'));
          fold.appendChild(rest);
          section.appendChild(fold);
        }
      }
      if (access === 'indeterminate' && undecided === null) undecided = actions >= 0 ? S[D.al[actions][0]] : 'ACTION';
      if (grants >= 0) {
        section.appendChild(el('p', access === 'deny' ? 'Denied by:' : 'Granted by:'));
        var refs = el('ul', null, 'refs');
        var gl = x.gl[grants];
        for (var k = 0; k < gl.length; k++) refs.appendChild(grantItem(x, gl[k]));
        section.appendChild(refs);
      }
      var reasons = x.lr ? x.lr[level] : undefined;
      if (reasons) {
        explained = true;
        section.appendChild(el('p', 'Indeterminate because:'));
        var whyList = el('ul', null, 'refs why');
        for (var w = 0; w < reasons.length; w++) whyList.appendChild(el('li', x.xs[reasons[w]]));
        section.appendChild(whyList);
      }
      box.appendChild(section);
    }
    if (denied.length) {
      var none = el('div', null, 'level deny');
      none.appendChild(el('h4', denied.join(', ') + ': deny'));
      none.appendChild(el('p', 'No action of ' + (denied.length === 1 ? 'this level' : 'these levels') +
        ' is allowed.', 'note'));
      box.appendChild(none);
    }
    if (undecided !== null) {
      // The reasons are listed above (a matrix read from an older snapshot has none: then say what
      // they may be); the command shows the whole decision.
      var why = el('p', explained
        ? 'Indeterminate: the reasons above are what the access depends on; the warnings about the inputs ' +
          'say how to pin them down, and this command shows the whole decision: '
        : 'Indeterminate: the access depends on something the inputs leave open (an unknown ' +
          'name, account, region or policy, or a statement that might not exist); the warnings about the ' +
          'inputs name them, and this command says which one decides it: ', 'note why');
      why.appendChild(el('code', 'iamspec explain INPUT --principal ' + pArn(p) + ' --action ' + undecided +
        ' --resource ' + rArn(r)));
      if (rKind(r) === 's3-bucket') why.appendChild(document.createTextNode(' (an object action: --resource ' + rArn(r) + '/KEY)'));
      box.appendChild(why);
    }
    if (D.chains.indexOf(p) >= 0) {
      var more = el('p', 'This principal can also assume roles: see ');
      var link = el('a', 'its role chains');
      link.href = '#chains-' + p;
      more.appendChild(link);
      more.appendChild(document.createTextNode('.'));
      box.appendChild(more);
    }
    return box;
  }

  function closeExplanation() {
    open = null;
  }

  function toggle(p, r) {
    var same = open && open.p === p && open.r === r;
    closeExplanation();
    if (!same) {
      var box = explain(p, r);
      box.style.maxWidth = Math.max(320, scroller.clientWidth - 24) + 'px';
      open = { p: p, r: r, node: box, height: 0 };
    }
    focusCell = { p: p, r: r };
    render(true, true);
    var detail = document.getElementById('detail-' + p);
    if (detail && open) open.height = detail.getBoundingClientRect().height;
  }

  // ---- drawing the rows and columns in view ----
  var drawn = '';
  var focusCell = null;
  var current = null;
  var rowOpenAt = -1;

  function openRowPosition() { return open ? rowOrder.indexOf(open.p) : -1; }

  /** The row position at y (from the top of the first row), given the open explanation. */
  function rowAtY(y) {
    if (rowOpenAt >= 0 && y >= (rowOpenAt + 1) * rowHeight) {
      var after = y - open.height;
      if (after < (rowOpenAt + 1) * rowHeight) return rowOpenAt;
      return Math.floor(after / rowHeight);
    }
    return Math.floor(y / rowHeight);
  }

  function headerCell(r, i) {
    var th = el('th');
    th.scope = 'col';
    th.setAttribute('data-r', r);
    th.setAttribute('aria-colindex', i + 2);
    th.title = rArn(r);
    th.style.width = colWidth[r] + 'px';
    th.appendChild(el('span', rLabel(r), 'label'));
    th.appendChild(el('span', rKind(r), 'kind'));
    return th;
  }

  function pad(tag, width) {
    var cell = el(tag, null, 'pad');
    cell.setAttribute('aria-hidden', 'true');
    cell.style.width = width + 'px';
    return cell;
  }

  function actionTitle(list) {
    var names = [];
    var count = 0;
    for (var i = 0; i < list.length; i += 3 + list[i + 2]) {
      if (count < TITLE_ACTIONS) names.push(S[list[i]]);
      count++;
    }
    return names.join(', ') + (count > TITLE_ACTIONS ? ', \\u2026 (' + count + ' actions)' : '');
  }

  function badge(shape, l, change) {
    var code = accessCode(shape, l);
    var access = ACCESS[code];
    var letter = levelLetter(l);
    var mark = code === 0 ? letter : code === 1 ? letter + '*' : code === 2 ? letter + '?' : '\\u00b7';
    var actions = D.lx[2 * levelOf(shape, l) + 1];
    var shown = actions >= 0 ? actionTitle(D.al[actions]) : '';
    var span = el('span', mark, 'lv ' + access + (markShown(code, l) ? '' : ' off'));
    span.setAttribute('data-level', l);
    span.setAttribute('data-access', access);
    var title = D.levels[l] + ': ' + access + (shown ? ' (' + shown + ')' : '');
    var whyKinds = D.why ? D.why[levelOf(shape, l)] : undefined;
    if (whyKinds !== undefined) title += ' \u2014 why: ' + S[whyKinds];
    if (change) {
      span.className += ' chg chg-' + CHANGE_WORD[change];
      span.setAttribute('data-change', CHANGE_WORD[change]);
      title += ' (' + CHANGE_WORD[change] + ' by the change)';
      var sup = el('sup', CHANGE_SIGN[change]);
      sup.setAttribute('aria-hidden', 'true');
      span.appendChild(sup);
    }
    span.title = title;
    return span;
  }

  function cell(p, r, i) {
    var shape = shapeOf(p, r);
    var changes = D.changes ? D.changes[p + ':' + r] : undefined;
    var td = el('td');
    td.setAttribute('data-r', r);
    td.setAttribute('aria-colindex', i + 2);
    var button = el('button', null, 'cell');
    button.type = 'button';
    button.tabIndex = -1;
    button.id = 'cell-' + p + '-' + r;
    button.setAttribute('data-p', p);
    button.setAttribute('data-r', r);
    var isOpen = open && open.p === p && open.r === r;
    button.setAttribute('aria-expanded', isOpen ? 'true' : 'false');
    if (isOpen) button.setAttribute('aria-controls', 'detail-' + p);
    var summary = [];
    var changed = [];
    for (var l = 0; l < L; l++) {
      var change = changes && changes.charAt(l) !== '.' ? changes.charAt(l) : undefined;
      button.appendChild(badge(shape, l, change));
      var code = accessCode(shape, l);
      if (code !== 3) summary.push(D.levels[l] + ' ' + ACCESS[code]);
      if (change) changed.push(D.levels[l] + ' ' + CHANGE_WORD[change]);
    }
    button.setAttribute('aria-label', pLabel(p) + ' on ' + rLabel(r) + ': ' +
      (summary.length ? summary.join(', ') : 'no access') + '.' +
      (changed.length ? ' Changed: ' + changed.join(', ') + '.' : '') + ' Show the explanation');
    td.appendChild(button);
    return td;
  }

  function spacer(height, span) {
    var tr = el('tr', null, 'spacer');
    tr.setAttribute('aria-hidden', 'true');
    var td = el('td');
    td.colSpan = span;
    td.style.height = height + 'px';
    tr.appendChild(td);
    return tr;
  }

  /** Draws what is in view; force: even when the same rows and columns are; moving: focusCell is set. */
  function render(force, moving) {
    rowOpenAt = openRowPosition();
    var bodyTop = table.offsetTop + (caption ? caption.offsetHeight : 0) + headRow.offsetHeight;
    var top = Math.max(0, scroller.scrollTop - bodyTop);
    var height = scroller.clientHeight || 600;
    var r0 = Math.max(0, rowAtY(top) - OVERSCAN_ROWS);
    var r1 = Math.min(rowOrder.length, rowAtY(top + height) + 1 + OVERSCAN_ROWS);
    var left = Math.max(0, scroller.scrollLeft);
    var width = Math.max(0, (scroller.clientWidth || 800) - labelWidth);
    var c0 = Math.max(0, columnAt(left) - OVERSCAN_COLUMNS);
    var c1 = Math.min(colOrder.length, columnAt(left + width) + 1 + OVERSCAN_COLUMNS);
    var key = r0 + ':' + r1 + ':' + c0 + ':' + c1;
    if (!force && key === drawn) return;
    drawn = key;
    var active = document.activeElement;
    if (moving) {
      // focusCell is where the keyboard moves to
    } else if (active && active.classList && active.classList.contains('cell') && table.contains(active)) {
      focusCell = { p: Number(active.getAttribute('data-p')), r: Number(active.getAttribute('data-r')) };
    } else if (!force) {
      focusCell = null;
    }
    var span = c1 - c0 + 3;

    var head = document.createDocumentFragment();
    var corner = el('th', 'Principal');
    corner.scope = 'col';
    corner.setAttribute('aria-colindex', 1);
    corner.style.width = labelWidth + 'px';
    head.appendChild(corner);
    head.appendChild(pad('th', colStart[c0]));
    for (var i = c0; i < c1; i++) head.appendChild(headerCell(colOrder[i], i));
    head.appendChild(pad('th', totalWidth - colStart[c1]));
    headRow.textContent = '';
    headRow.appendChild(head);

    var rows = document.createDocumentFragment();
    var above = r0 * rowHeight + (rowOpenAt >= 0 && rowOpenAt < r0 ? open.height : 0);
    if (above > 0) rows.appendChild(spacer(above, span));
    for (var j = r0; j < r1; j++) {
      var p = rowOrder[j];
      var tr = el('tr', null, 'principal');
      tr.setAttribute('data-p', p);
      tr.setAttribute('aria-rowindex', j + 2);
      var th = el('th');
      th.scope = 'row';
      th.title = pArn(p);
      th.appendChild(el('span', pLabel(p), 'label'));
      th.appendChild(el('span', pKind(p), 'kind'));
      tr.appendChild(th);
      tr.appendChild(pad('td', colStart[c0]));
      for (var c = c0; c < c1; c++) tr.appendChild(cell(p, colOrder[c], c));
      tr.appendChild(pad('td', totalWidth - colStart[c1]));
      rows.appendChild(tr);
      if (rowOpenAt === j) {
        var detail = el('tr', null, 'detail');
        detail.id = 'detail-' + p;
        detail.setAttribute('data-opener', 'cell-' + open.p + '-' + open.r);
        var td = el('td');
        td.colSpan = span;
        td.appendChild(open.node);
        detail.appendChild(td);
        rows.appendChild(detail);
      }
    }
    var below = (rowOrder.length - r1) * rowHeight + (rowOpenAt >= r1 ? open.height : 0);
    if (below > 0) rows.appendChild(spacer(below, span));
    body.textContent = '';
    body.appendChild(rows);
    table.setAttribute('aria-rowcount', rowOrder.length + 1);
    table.setAttribute('aria-colcount', colOrder.length + 1);
    if (rowOpenAt >= r0 && rowOpenAt < r1) {
      var shown = document.getElementById('detail-' + open.p);
      if (shown) open.height = shown.getBoundingClientRect().height;
    }
    // One cell of the matrix is in the tab order (the focused one, else the current one, else
    // the first drawn); the arrow keys move from there.
    if (focusCell) current = focusCell;
    var tabbable = current && document.getElementById('cell-' + current.p + '-' + current.r);
    if (!tabbable) tabbable = body.querySelector('button.cell');
    if (tabbable) tabbable.tabIndex = 0;
    if (focusCell) {
      var target = document.getElementById('cell-' + focusCell.p + '-' + focusCell.r);
      if (target && target !== document.activeElement) target.focus({ preventScroll: true });
    }
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      render(false);
    });
  }
  scroller.addEventListener('scroll', schedule);
  window.addEventListener('resize', schedule);

  table.addEventListener('click', function (event) {
    var button = event.target.closest('button.cell');
    if (button) toggle(Number(button.getAttribute('data-p')), Number(button.getAttribute('data-r')));
  });
  table.addEventListener('toggle', function () {
    if (open) {
      var shown = document.getElementById('detail-' + open.p);
      if (shown) open.height = shown.getBoundingClientRect().height;
    }
  }, true);

  /** Scrolls so that the cell at (row position, column position) is in view, and focuses it. */
  function moveTo(j, c) {
    j = Math.max(0, Math.min(rowOrder.length - 1, j));
    c = Math.max(0, Math.min(colOrder.length - 1, c));
    var p = rowOrder[j];
    var r = colOrder[c];
    var bodyTop = table.offsetTop + (caption ? caption.offsetHeight : 0) + headRow.offsetHeight;
    var y = bodyTop + j * rowHeight + (rowOpenAt >= 0 && rowOpenAt < j ? open.height : 0);
    var viewTop = scroller.scrollTop + headRow.offsetHeight;
    if (y < viewTop) scroller.scrollTop = y - headRow.offsetHeight;
    else if (y + rowHeight > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = y + rowHeight - scroller.clientHeight;
    var x = colStart[c];
    var width = scroller.clientWidth - labelWidth;
    if (x < scroller.scrollLeft) scroller.scrollLeft = x;
    else if (x + colWidth[r] > scroller.scrollLeft + width) scroller.scrollLeft = x + colWidth[r] - width;
    focusCell = { p: p, r: r };
    render(true, true);
  }

  table.addEventListener('keydown', function (event) {
    var button = event.target.closest && event.target.closest('button.cell');
    if (!button) return;
    var j = rowOrder.indexOf(Number(button.getAttribute('data-p')));
    var c = colPos[Number(button.getAttribute('data-r'))];
    var page = Math.max(1, Math.floor(scroller.clientHeight / rowHeight) - 1);
    switch (event.key) {
      case 'ArrowUp': moveTo(j - 1, c); break;
      case 'ArrowDown': moveTo(j + 1, c); break;
      case 'ArrowLeft': moveTo(j, c - 1); break;
      case 'ArrowRight': moveTo(j, c + 1); break;
      case 'Home': moveTo(event.ctrlKey ? 0 : j, 0); break;
      case 'End': moveTo(event.ctrlKey ? rowOrder.length - 1 : j, colOrder.length - 1); break;
      case 'PageUp': moveTo(j - page, c); break;
      case 'PageDown': moveTo(j + page, c); break;
      default: return;
    }
    event.preventDefault();
  });

  // The header's "Show only indeterminate verdicts": the access filter on indeterminate alone.
  var onlyIndeterminate = document.getElementById('only-indeterminate');
  if (onlyIndeterminate) {
    onlyIndeterminate.addEventListener('click', function () {
      var boxes = document.querySelectorAll('input[name="access"]');
      for (var b = 0; b < boxes.length; b++) boxes[b].checked = boxes[b].value === 'indeterminate';
      var levels = document.querySelectorAll('input[name="level"]');
      for (b = 0; b < levels.length; b++) levels[b].checked = true;
      hideEmpty.checked = true;
      applyFilters();
      document.getElementById('access-matrix').scrollIntoView();
      filterPrincipal.focus();
    });
  }

  var controls = document.querySelectorAll('#filters input');
  // Text filters on each keystroke, check boxes on change (not both: each filtering reads every row).
  for (var ci = 0; ci < controls.length; ci++) {
    controls[ci].addEventListener(controls[ci].type === 'checkbox' ? 'change' : 'input', applyFilters);
  }
  measure();
  applyFilters();
  if (window.performance && performance.mark) performance.mark('iamspec-review-drawn');
})();
`;
