import type { CustomUserData } from '@latchkey/admin';
import { useEffect, useState, type FormEvent } from 'react';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';
import { ErrorNote, Show } from './states.js';

/** A user's custom data as JSON to read and edit: what their access tokens carry as `user_data`. */
export function CustomDataEditor({ userId }: { userId: string }) {
  const { admin, app } = useConsole();
  const data = useLoad(() => admin.getCustomData(app, userId), [admin, app, userId]);
  return <Show loaded={data}>{(loaded) => <Editor userId={userId} data={loaded} onSaved={data.reload} />}</Show>;
}

function Editor({ userId, data, onSaved }: { userId: string; data: CustomUserData; onSaved: () => void }) {
  const { admin, app } = useConsole();
  const shown = JSON.stringify(data, null, 2);
  const [text, setText] = useState(shown);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setText(shown), [shown]);
  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const done = await action.run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error('The custom data is not valid JSON: check quotes, commas and brackets.');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('The custom data must be a JSON object: { … }.');
      await admin.setCustomData(app, userId, parsed as CustomUserData);
    });
    if (done) {
      setSaved(true);
      onSaved();
    }
  }
  return (
    <form onSubmit={(event) => void save(event)} aria-label="Custom data">
      <label htmlFor="custom-data">Custom data (JSON)</label>
      <textarea
        id="custom-data"
        className="mono"
        rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
        spellCheck={false}
        value={text}
        aria-describedby="custom-data-help"
        aria-invalid={action.error ? true : undefined}
        onChange={(event) => {
          setSaved(false);
          setText(event.target.value);
        }}
      />
      <small id="custom-data-help">A JSON object, at most 16 KiB. Access tokens issued from now on carry it as user_data.</small>
      <ErrorNote message={action.error} />
      {saved ? (
        <p role="status" className="saved">
          Saved.
        </p>
      ) : null}
      <button type="submit" className="secondary" aria-busy={action.busy} disabled={action.busy || text === shown}>
        Save custom data
      </button>
    </form>
  );
}
