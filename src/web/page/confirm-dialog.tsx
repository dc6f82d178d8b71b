import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * A modal question (the native dialog, so Esc and the focus trap come from the browser). Mount
 * it to open it: it takes the focus to its confirm button; closing it in any way calls onClose.
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  children?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    // Unmounting removes the dialog, which closes it: no cleanup to do.
    if (dialog.current?.open === false) dialog.current.showModal();
    confirm.current?.focus();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={props.onClose}>
      <form method="dialog">
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        <div className="dialog-buttons">
          <button type="submit" value="cancel" data-testid="confirm-cancel">
            Cancel
          </button>
          <button
            type="submit"
            value="confirm"
            className="primary"
            data-testid="confirm"
            ref={confirm}
            onClick={props.onConfirm}
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
