// Browser side of the query console (bundled by scripts/build-ui.mjs with esbuild into
// dist/ui/console.js). Replaces the plain textarea with a CodeMirror 6 editor (SQL highlighting,
// Ctrl/Cmd+Enter runs), keeps the textarea as the form field, and puts the cursor on the error.
import { minimalSetup } from 'codemirror';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
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
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
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
  const at = Number(textarea.dataset.errorOffset);
  if (Number.isInteger(at) && at >= 0 && at <= view.state.doc.length) {
    view.dispatch({ selection: { anchor: at, head: Math.min(at + 1, view.state.doc.length) }, scrollIntoView: true });
    view.focus();
  }
}
