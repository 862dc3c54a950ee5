// The inline script of the HTML access review: the matrix filters (principal and resource text,
// access, level, hiding rows and columns where no access is shown) and the explanation of a cell,
// built on click from the JSON data embedded in the page. It only uses textContent and DOM
// nodes (never innerHTML with data), reads nothing from the network and needs no library.

export const REVIEW_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('review-data').textContent);
  var table = document.getElementById('matrix');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody > tr.principal'));
  var filterPrincipal = document.getElementById('filter-principal');
  var filterResource = document.getElementById('filter-resource');
  var hideEmpty = document.getElementById('hide-empty');
  var status = document.getElementById('status');
  var columnCount = data.resources.length + 1;

  function checkedValues(name) {
    var out = {};
    var inputs = document.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) out[inputs[i].value] = true;
    return out;
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function grantItem(index) {
    var g = data.grants[index];
    var li = el('li');
    li.appendChild(el('span', g.text));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'at ' + g.source, 'src'));
    return li;
  }

  var SHOWN_ACTIONS = 8;

  function explain(p, r) {
    var principal = data.principals[p];
    var resource = data.resources[r];
    var cell = data.cells[p + ':' + r];
    var box = el('div', null, 'explanation');
    box.appendChild(el('h3', principal.label + ' on ' + resource.name));
    var ids = el('p', null, 'note');
    ids.appendChild(el('span', principal.arn, 'mono'));
    ids.appendChild(document.createTextNode(' (' + principal.kind + ', defined at ' + principal.source + ') on '));
    ids.appendChild(el('span', resource.arn, 'mono'));
    ids.appendChild(document.createTextNode(' (' + resource.kind + ', defined at ' + resource.source + ')'));
    box.appendChild(ids);
    var denied = [];
    for (var l = 0; l < data.levels.length; l++) {
      var level = cell ? cell[l] : null;
      var access = level ? level.a : 'deny';
      if (access === 'deny' && !(level && level.g.length)) {
        denied.push(data.levels[l]);
        continue;
      }
      var section = el('div', null, 'level ' + access);
      section.appendChild(el('h4', data.levels[l] + ': ' + access));
      if (level && level.x.length) {
        // Long lists (ReadOnlyAccess: hundreds of actions) collapse after the first few.
        var actions = el('ul');
        var rest = null;
        for (var i = 0; i < level.x.length; i++) {
          if (i === SHOWN_ACTIONS && level.x.length > SHOWN_ACTIONS + 1) {
            rest = el('ul');
          }
          var x = level.x[i];
          var li = el('li');
          li.appendChild(el('code', x[0]));
          li.appendChild(document.createTextNode(' ' + x[1]));
          if (x[2].length) {
            var conds = el('ul');
            for (var c = 0; c < x[2].length; c++) conds.appendChild(el('li', 'only when ' + x[2][c]));
            li.appendChild(conds);
          }
          (rest || actions).appendChild(li);
        }
        section.appendChild(actions);
        if (rest) {
          var fold = el('details', null, 'more-actions');
          fold.appendChild(el('summary', 'and ' + (level.x.length - SHOWN_ACTIONS) + ' more actions'));
          fold.appendChild(rest);
          section.appendChild(fold);
        }
      }
      if (level && level.g.length) {
        section.appendChild(el('p', access === 'deny' ? 'Denied by:' : 'Granted by:'));
        var refs = el('ul', null, 'refs');
        for (var k = 0; k < level.g.length; k++) refs.appendChild(grantItem(level.g[k]));
        section.appendChild(refs);
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
    if (data.chains[p]) {
      var more = el('p', 'This principal can also assume roles: see ');
      var link = el('a', 'its role chains');
      link.href = '#chains-' + p;
      more.appendChild(link);
      more.appendChild(document.createTextNode('.'));
      box.appendChild(more);
    }
    return box;
  }

  function toggle(button) {
    var p = button.getAttribute('data-p');
    var r = button.getAttribute('data-r');
    var row = button.closest('tr');
    var next = row.nextElementSibling;
    var wasOpen = button.getAttribute('aria-expanded') === 'true';
    if (next && next.classList.contains('detail')) {
      var opener = document.getElementById(next.getAttribute('data-opener'));
      if (opener) opener.setAttribute('aria-expanded', 'false');
      next.parentNode.removeChild(next);
    }
    if (wasOpen) return;
    var detail = el('tr', null, 'detail');
    detail.id = 'detail-' + p;
    detail.setAttribute('data-opener', button.id);
    var td = el('td');
    td.colSpan = columnCount;
    td.appendChild(explain(Number(p), Number(r)));
    detail.appendChild(td);
    row.parentNode.insertBefore(detail, row.nextSibling);
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', detail.id);
    applyFilters();
  }

  table.addEventListener('click', function (event) {
    var button = event.target.closest('button.cell');
    if (button) toggle(button);
  });

  function matches(text, query) {
    return !query || text.toLowerCase().indexOf(query) >= 0;
  }

  function applyFilters() {
    var pq = filterPrincipal.value.trim().toLowerCase();
    var rq = filterResource.value.trim().toLowerCase();
    var accessOn = checkedValues('access');
    var levelOn = checkedValues('level');
    var hide = hideEmpty.checked;
    var badges = table.querySelectorAll('.lv');
    for (var i = 0; i < badges.length; i++) {
      var b = badges[i];
      var visible = accessOn[b.getAttribute('data-access')] && levelOn[b.getAttribute('data-level')];
      b.classList.toggle('off', !visible);
    }
    var columnOn = [];
    var columnUsed = [];
    for (var r = 0; r < data.resources.length; r++) {
      var res = data.resources[r];
      columnOn.push(matches(res.name + ' ' + res.arn + ' ' + res.kind, rq));
      columnUsed.push(false);
    }
    var rowOn = [];
    for (var j = 0; j < rows.length; j++) {
      var row = rows[j];
      var pr = data.principals[Number(row.getAttribute('data-p'))];
      var on = matches(pr.label + ' ' + pr.arn + ' ' + pr.kind, pq);
      var used = false;
      if (on) {
        var cells = row.querySelectorAll('td');
        for (var c = 0; c < cells.length; c++) {
          if (!columnOn[c]) continue;
          if (cells[c].querySelector('.lv:not(.off):not(.deny)')) {
            used = true;
            columnUsed[c] = true;
          }
        }
      }
      rowOn.push(on && (!hide || used));
    }
    var shownColumns = 0;
    for (var k = 0; k < columnOn.length; k++) {
      columnOn[k] = columnOn[k] && (!hide || columnUsed[k]);
      if (columnOn[k]) shownColumns++;
    }
    var heads = table.querySelectorAll('thead th[data-r]');
    for (var h = 0; h < heads.length; h++) heads[h].hidden = !columnOn[Number(heads[h].getAttribute('data-r'))];
    var shownRows = 0;
    for (var m = 0; m < rows.length; m++) {
      rows[m].hidden = !rowOn[m];
      if (rowOn[m]) shownRows++;
      var tds = rows[m].querySelectorAll('td');
      for (var t = 0; t < tds.length; t++) tds[t].hidden = !columnOn[t];
      var after = rows[m].nextElementSibling;
      if (after && after.classList.contains('detail')) after.hidden = !rowOn[m];
    }
    status.textContent = 'Showing ' + shownRows + ' of ' + rows.length + ' principals and ' + shownColumns +
      ' of ' + data.resources.length + ' resources.';
  }

  var controls = document.querySelectorAll('#filters input');
  for (var i = 0; i < controls.length; i++) {
    controls[i].addEventListener('input', applyFilters);
    controls[i].addEventListener('change', applyFilters);
  }
  applyFilters();
})();
`;
