import { type ReactNode, useState } from "react";
import { ConfirmDialog } from "./confirm-dialog.js";

/** A button whose action runs only once the user confirmed it in a dialog. */
export function ConfirmAction(props: {
  label: string;
  testId: string;
  title: string;
  confirmLabel: string;
  /** The dialog's body: what will happen, and any options. */
  children?: ReactNode;
  danger?: boolean;
  onConfirm: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = () => {
    setBusy(true);
    props.onConfirm().finally(() => setBusy(false));
  };
  return (
    <>
      <button
        type="button"
        className={props.danger ? "danger" : undefined}
        data-testid={props.testId}
        disabled={busy}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
      {open && (
        <ConfirmDialog
          title={props.title}
          confirmLabel={props.confirmLabel}
          onConfirm={confirm}
          onClose={() => setOpen(false)}
        >
          {props.children}
        </ConfirmDialog>
      )}
    </>
  );
}
