import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that asks first, in a native modal dialog (focus moves into it, Esc cancels),
 * for what cannot be undone or ends someone's sessions.
 */
export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => Promise<unknown> | void;
  danger?: boolean;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  return (
    <>
      <button
        type="button"
        className={props.danger ? 'secondary danger' : 'secondary'}
        disabled={props.disabled}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
      <dialog ref={dialog} onClose={() => setOpen(false)} aria-labelledby={titleId}>
        <article>
          <h3 id={titleId}>{props.title}</h3>
          <div>{props.children}</div>
          <footer>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button
              type="button"
              className={props.danger ? 'danger' : ''}
              onClick={() => {
                setOpen(false);
                void props.onConfirm();
              }}
            >
              {props.confirm}
            </button>
          </footer>
        </article>
      </dialog>
    </>
  );
}
