// Browser side of the query console (bundled by scripts/build-ui.mjs with esbuild into
// dist/ui/console.js). Replaces the plain textarea with a CodeMirror 6 editor (SQL highlighting,
// Ctrl/Cmd+Enter runs), keeps the textarea as the form field, and puts the cursor on the error.
import { minimalSetup } from 'codemirror';
import { Decoration, EditorView, keymap, lineNumbers } from '@codemirror/view';
import { StateField } from '@codemirror/state';
import { bracketMatching } from '@codemirror/language';
import { sql, StandardSQL } from '@codemirror/lang-sql';

const textarea = document.getElementById('soql');
const form = document.getElementById('console-form');
if (textarea instanceof HTMLTextAreaElement && form instanceof HTMLFormElement) {
  const run = () => {
    textarea.value = view.state.doc.toString();
    form.requestSubmit();
    return true;
  };
  // The character the server's `ERROR at Row:Column` points at, marked until the text changes.
  const at = Number(textarea.dataset.errorOffset);
  const hasError = textarea.dataset.errorOffset !== undefined && Number.isInteger(at) && at >= 0 && at < textarea.value.length;
  const errorMark = StateField.define({
    create: () => (hasError ? Decoration.set([Decoration.mark({ class: 'cm-error-caret', attributes: { title: 'error here' } }).range(at, at + 1)]) : Decoration.none),
    update: (marks, tr) => (tr.docChanged ? Decoration.none : marks),
    provide: (f) => EditorView.decorations.from(f),
  });
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      errorMark,
      keymap.of([{ key: 'Mod-Enter', run }]),
      minimalSetup,
      lineNumbers(),
      bracketMatching(),
      sql({ dialect: StandardSQL, upperCaseKeywords: true }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Query editor (SOQL or SOSL)' }),
    ],
  });
  textarea.after(view.dom);
  // The textarea stays in the form (and in the accessibility tree for agents that type into it),
  // visually replaced by the editor.
  textarea.style.position = 'absolute';
  textarea.style.left = '-9999px';
  textarea.setAttribute('aria-hidden', 'true');
  textarea.tabIndex = -1;
  view.dom.dataset.editor = 'codemirror';
  form.addEventListener('submit', () => {
    textarea.value = view.state.doc.toString();
  });
  if (hasError) {
    view.dispatch({ selection: { anchor: at, head: Math.min(at + 1, view.state.doc.length) }, scrollIntoView: true });
    view.focus();
  }
}
