// Splits a shell command line into simple commands and their words, as a POSIX shell reads
// quoting (Bash Reference Manual, "Quoting"):
// - "A non-quoted backslash `\` is the Bash escape character. It preserves the literal value of
//   the next character that follows, with the exception of newline. If a `\newline` pair appears,
//   and the backslash itself is not quoted, the `\newline` is treated as a line continuation (that
//   is, it is removed from the input stream and effectively ignored)."
// - "Enclosing characters in single quotes preserves the literal value of each character within
//   the quotes."
// - "Enclosing characters in double quotes preserves the literal value of all characters within
//   the quotes, with the exception of `$`, `` ` ``, `\` ... The backslash retains its special
//   meaning only when followed by one of the following characters: `$`, `` ` ``, `"`, `\`, or
//   newline."
// Commands are separated by unquoted `;`, `&&`, `||`, `|`, `&`, new lines, `(` and `)`; a
// redirection (`>`, `<`, `>>`, `2>&1`) ends a word and takes the next word (its target) with it;
// an unquoted `#` at the start of a word starts a comment to the end of the line; the body of a
// here-document (`<<EOF` ... `EOF`) is data, not commands.
// What a shell would expand is not interpreted: a word with a parameter expansion (`$X`,
// `${X}`), an unquoted glob character (`*`, `?`, `[`) or the caller's `mark` (text the input
// leaves unknown) is not `known`; a command substitution (`$(...)`, backticks), a process
// substitution (`<(...)`), `$'...'`, or an unclosed quote makes the whole line `opaque` (it runs
// commands this reader does not split).

export interface ShellWord {
  /** The word after quote removal (the parts not known kept as written). */
  text: string;
  /** False when the shell would expand part of it (a variable, a glob) or it holds `mark`. */
  known: boolean;
}

export interface ShellLine {
  /** The simple commands, each its words (redirections and their targets left out). */
  commands: ShellWord[][];
  /** Why the line cannot be split into the commands it runs; undefined when it can. */
  opaque?: string;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')']);

/** Reads `text` (see the module comment); `mark` is the character standing for unknown text. */
export function shellLine(text: string, mark: string): ShellLine {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word = '';
  let inWord = false;
  let known = true;
  let redirect = false;
  /** Set while reading the delimiter word of a here-document (`<<` or `<<-`). */
  let hereDelimiter: { strip: boolean } | undefined;
  /** Here-documents whose body starts at the next new line. */
  const hereDocs: { delimiter: string; strip: boolean; expands: boolean }[] = [];
  let wordStart = 0;
  const endWord = () => {
    if (inWord) {
      if (hereDelimiter) {
        const raw = text.slice(wordStart, i);
        hereDocs.push({ delimiter: word, strip: hereDelimiter.strip, expands: !/['"\\]/.test(raw) });
        hereDelimiter = undefined;
      }
      if (redirect) redirect = false;
      else words.push({ text: word, known });
    }
    word = '';
    inWord = false;
    known = true;
  };
  const endCommand = () => {
    endWord();
    redirect = false;
    if (words.length) commands.push(words);
    words = [];
  };
  const opaque = (why: string): ShellLine => ({ commands, opaque: why });
  /** Skips the bodies of the pending here-documents (from `i`, the start of a line). */
  const skipHereDocs = (): string | undefined => {
    for (const h of hereDocs.splice(0)) {
      for (;;) {
        if (i >= text.length) return 'a here-document is not closed';
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end < 0 ? text.length : end).replace(/\r$/, '');
        i = end < 0 ? text.length : end + 1;
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) break;
        if (h.expands && (line.includes('$(') || line.includes('`')))
          return 'a command substitution in a here-document';
      }
    }
    return undefined;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (!inWord) wordStart = i;
    if (c === mark) {
      word += c;
      inWord = true;
      known = false;
      i++;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else {
        if (next !== undefined) word += next;
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return opaque('a quote is not closed');
      const quoted = text.slice(i + 1, end);
      if (quoted.includes(mark)) known = false;
      word += quoted;
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (;;) {
        const d = text[j];
        if (d === undefined) return opaque('a quote is not closed');
        if (d === '"') break;
        if (d === '`' || (d === '$' && text[j + 1] === '(')) return opaque('a command substitution');
        if (d === '$' || d === mark) known = false;
        if (d === '\\' && text[j + 1] !== undefined && '$`"\\\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== '\n') word += text[j + 1];
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      i = j + 1;
    } else if (c === '`') {
      return opaque('a command substitution');
    } else if (c === '$') {
      const next = text[i + 1];
      if (next === '(') return opaque('a command substitution');
      if (next === "'") return opaque("an ANSI-C quoted string ($'...')");
      word += c;
      inWord = true;
      known = false;
      i++;
    } else if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '<' || c === '>') {
      if (text[i + 1] === '(') return opaque('a process substitution');
      // a file descriptor number before it belongs to the redirection (`2>`)
      if (inWord && /^\d+$/.test(word) && known) {
        word = '';
        inWord = false;
      } else endWord();
      const start = i;
      i++;
      while (text[i] === '<' || text[i] === '>' || text[i] === '&' || text[i] === '|') i++;
      if (text.slice(start, i) === '<<' && text[i] === '-') i++;
      const op = text.slice(start, i);
      if (op === '<<' || op === '<<-') hereDelimiter = { strip: op === '<<-' };
      // `2>&1`: the target is a descriptor, not a word
      if (text[i - 1] === '&' && /\d|-/.test(text[i] ?? '')) {
        while (/\d|-/.test(text[i] ?? '')) i++;
        continue;
      }
      redirect = true;
    } else if (SEPARATORS.has(c) || c === '\r') {
      endCommand();
      i++;
      if (c === '\n') {
        const why = skipHereDocs();
        if (why) return opaque(why);
      }
    } else if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else {
      if (c === '*' || c === '?' || c === '[') known = false;
      word += c;
      inWord = true;
      i++;
    }
  }
  endCommand();
  if (hereDocs.length) return opaque('a here-document is not closed');
  return { commands };
}
