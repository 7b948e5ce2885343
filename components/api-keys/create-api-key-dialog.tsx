"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import type { CreateApiKeyInput, CreatedApiKeyJson } from "@/lib/contracts/api-keys";
import { limits as inputLimits } from "@/lib/contracts/limits";
import type { JsonResult } from "@/lib/client/api/request-json";
import { StudioDialog } from "@/components/studio/studio-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import {
  checkApiKeyForm,
  expiryOptions,
  formFieldNames,
  serverFieldError,
  utcDay,
  type ApiKeyFormValues,
  type ExpiryChoice,
  type FieldErrors,
  type RateLimitDefaults,
} from "./api-key-form";
import { ApiKeyLimitsFields } from "./api-key-limits-fields";

interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
  create: (input: CreateApiKeyInput) => Promise<JsonResult<{ key: CreatedApiKeyJson }>>;
  onCreated: (key: CreatedApiKeyJson) => void;
  defaults: RateLimitDefaults;
}

/** "Create key": a name, an expiry and optional limits, checked with the route's schema first. */
export function CreateApiKeyDialog({ open, onClose, create, onCreated, defaults }: CreateApiKeyDialogProps) {
  const titleId = useId();
  return (
    <StudioDialog open={open} onClose={onClose} dismissible labelledBy={titleId} testId="api-key-create-dialog">
      {/* Mounted while open only, so every opening starts with an empty form. */}
      <CreateApiKeyForm titleId={titleId} onCancel={onClose} create={create} onCreated={onCreated} defaults={defaults} />
    </StudioDialog>
  );
}

const emptyForm: ApiKeyFormValues = { name: "", expiry: "never", customDate: "", limits: {} };

function CreateApiKeyForm({
  titleId,
  onCancel,
  create,
  onCreated,
  defaults,
}: Omit<CreateApiKeyDialogProps, "open" | "onClose"> & { titleId: string; onCancel: () => void }) {
  const [values, setValues] = useState(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [limitsOpen, setLimitsOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const showErrors = (next: FieldErrors) => {
    // Rendered at once (the disclosure opened), so focus can land on the first field in error.
    flushSync(() => {
      setErrors(next);
      if (Object.keys(next).some((path) => path.startsWith("limits."))) setLimitsOpen(true);
    });
    const control = Array.from(formRef.current?.elements ?? []).find(
      (element): element is HTMLInputElement => element instanceof HTMLInputElement && Boolean(next[element.name]),
    );
    control?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkApiKeyForm(values);
    if (!checked.ok) return showErrors(checked.errors);
    setErrors({});
    setFormError(null);
    setPending(true);
    const result = await create(checked.input);
    setPending(false);
    if (result.ok) return onCreated(result.data.key);
    const fieldError = serverFieldError(result.error, formFieldNames);
    // An expiry the server refused is shown on the date field when there is one.
    if (fieldError && (!fieldError.expires_at || values.expiry === "custom")) showErrors(fieldError);
    else setFormError(result.error.message);
  };

  const set = <K extends keyof ApiKeyFormValues>(key: K, value: ApiKeyFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));

  return (
    <form ref={formRef} noValidate onSubmit={submit} className="flex max-h-[inherit] flex-col gap-4 overflow-y-auto p-5" data-testid="api-key-create-form">
      <div className="flex flex-col gap-1.5">
        <h2 id={titleId} className="text-base font-semibold">
          Create an API key
        </h2>
        <p className="text-sm leading-6 text-neutral-600 dark:text-neutral-400">
          The key calls the Draftwise API as you. You see it once, right after creating it.
        </p>
      </div>
      {formError ? <Alert testId="api-key-create-error">{formError}</Alert> : null}
      <Input
        label="Name"
        name="name"
        required
        autoComplete="off"
        maxLength={inputLimits.apiKeyNameChars}
        placeholder="e.g. Blog pipeline"
        hint="Where it is used, so you can tell the keys apart."
        value={values.name}
        onChange={(event) => set("name", event.target.value)}
        error={errors.name}
        data-testid="api-key-name-input"
        data-autofocus=""
      />
      <div className="grid grid-cols-2 gap-3">
        <Select
          label="Expires"
          name="expiry"
          options={expiryOptions}
          value={values.expiry}
          onChange={(event) => set("expiry", event.target.value as ExpiryChoice)}
          data-testid="api-key-expiry"
        />
        {values.expiry === "custom" ? (
          <Input
            label="Expiry date"
            name="expires_at"
            type="date"
            required
            min={utcDay(new Date())}
            value={values.customDate}
            onChange={(event) => set("customDate", event.target.value)}
            hint="Works until the end of this day (UTC)."
            error={errors.expires_at}
            data-testid="api-key-expiry-date"
          />
        ) : null}
      </div>
      <ApiKeyLimitsFields
        values={values.limits}
        onChange={(name, value) => set("limits", { ...values.limits, [name]: value })}
        errors={errors}
        defaults={defaults}
        open={limitsOpen}
        onOpenChange={setLimitsOpen}
      />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel} data-testid="api-key-create-cancel">
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending} data-testid="api-key-create-submit">
          {pending ? <Spinner /> : null} Create key
        </Button>
      </div>
    </form>
  );
}
