"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { ApiFailure, getJson, postJson, request, suspendRequests } from "@/lib/client/api";
import { NAME_COLOR_PRESETS } from "@/lib/client/colors";
import { Avatar } from "./avatar";
import { Modal } from "./modal";

const BIO_MAX = 160;
const AVATAR_SIDE = 128;

/**
 * The picture as it will be stored: centre-cropped and scaled to 128×128, JPEG at quality 0.88,
 * made in the browser (the server re-encodes it too). Rejects what the browser cannot decode.
 */
export async function cropAvatar(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = AVATAR_SIDE;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no canvas");
  g.fillStyle = "#ffffff"; // transparent parts become white, as in a JPEG they must
  g.fillRect(0, 0, AVATAR_SIDE, AVATAR_SIDE);
  g.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, AVATAR_SIDE, AVATAR_SIDE);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("encode"))), "image/jpeg", 0.88));
}

/** The avatar change waiting for Save: a cropped picture (with its preview URL) or a removal. */
type AvatarChange = { kind: "upload"; blob: Blob; url: string } | { kind: "remove" } | null;

/** Account: status, avatar, bio, name colour, password, sign out, deletion. */
export function AccountModal(props: {
  me: string;
  hasAvatar: boolean;
  avatarVersion: number;
  maxAvatarMb: number;
  colors: Record<string, string>;
  onClose: () => void;
  onSaved: () => void;
  onSignOut: () => void;
}) {
  const t = useTranslations("dialogs.account");
  const [bio, setBio] = useState<string | null>(null);
  const [color, setColor] = useState<string | null | undefined>(undefined);
  const [override, setOverride] = useState<string>("auto");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [avatarChange, setAvatarChange] = useState<AvatarChange>(null);
  const open = useRef(true);
  useEffect(() => () => void (open.current = false), []);
  useEffect(() => () => {
    if (avatarChange?.kind === "upload") URL.revokeObjectURL(avatarChange.url);
  }, [avatarChange]);
  useEffect(() => {
    void getJson<{ name_color: string | null; bio: string | null }>("/settings").then((s) => {
      setBio(s.bio ?? "");
      setColor(s.name_color);
    });
    void getJson<{ override: string | null }>("/presence/override").then((o) => setOverride(o.override ?? "auto"));
  }, []);

  const chooseAvatar = async (file: File) => {
    if (file.size > props.maxAvatarMb * 1024 * 1024) return setStatus({ ok: false, text: t("avatarTooBig", { mb: Math.trunc(props.maxAvatarMb) }) });
    try {
      const blob = await cropAvatar(file);
      if (!open.current) return; // closed while cropping: no preview URL to leak
      setAvatarChange({ kind: "upload", blob, url: URL.createObjectURL(blob) });
      setStatus({ ok: true, text: t("previewShown") });
    } catch {
      setStatus({ ok: false, text: t("notAnImage") });
    }
  };

  /** The avatar first (so a refused picture stops here), then colour and bio. */
  const save = async () => {
    try {
      if (avatarChange?.kind === "upload") {
        const form = new FormData();
        form.set("avatar", avatarChange.blob, "avatar.jpg");
        await request("/avatar", { method: "POST", body: form });
      } else if (avatarChange?.kind === "remove") {
        await request("/avatar", { method: "DELETE" });
      }
      setAvatarChange(null);
      await postJson("/settings", { name_color: color ?? null, bio: bio ?? "" });
      setStatus({ ok: true, text: t("saved") });
      props.onSaved();
    } catch (err) {
      setStatus({ ok: false, text: err instanceof ApiFailure ? err.message : t("saveFailed") });
    }
  };

  return (
    <Modal title={t("title")} onClose={props.onClose}>
      <div className="mb-4 flex items-center gap-3">
        {avatarChange?.kind === "upload" ? (
          // eslint-disable-next-line @next/next/no-img-element -- a local blob: preview of the cropped picture
          <img src={avatarChange.url} alt={t("newAvatarPreview")} width={48} height={48} className="rounded-full" />
        ) : (
          <Avatar name={props.me} size={48} hasImage={props.hasAvatar && avatarChange?.kind !== "remove"} colors={props.colors} version={props.avatarVersion} />
        )}
        <span className="text-lg font-semibold">{props.me}</span>
      </div>
      <label className="mb-3 block text-sm">
        {t("setYourselfAs")}
        <select
          value={override}
          onChange={async (e) => {
            setOverride(e.target.value);
            await postJson("/presence/override", { override: e.target.value });
          }}
          className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1"
        >
          <option value="auto">{t("presence.auto")}</option>
          <option value="active">{t("presence.active")}</option>
          <option value="idle">{t("presence.idle")}</option>
          <option value="offline">{t("presence.offline")}</option>
        </select>
      </label>
      <div className="mb-3 text-sm">
        <span className="block">{t("avatar")}</span>
        <label className="mt-1 inline-block cursor-pointer rounded border border-border px-2 py-1 hover:bg-raised">
          {t("uploadImage")}
          <input
            type="file"
            accept="image/*"
            className="sr-only"
            aria-label={t("uploadLabel")}
            onChange={(e) => {
              if (e.target.files?.[0]) void chooseAvatar(e.target.files[0]);
              e.target.value = "";
            }}
          />
        </label>
        {(props.hasAvatar && avatarChange?.kind !== "remove") || avatarChange?.kind === "upload" ? (
          <button
            type="button"
            className="ml-2 rounded border border-border px-2 py-1 hover:bg-raised"
            onClick={() => {
              setAvatarChange(props.hasAvatar ? { kind: "remove" } : null);
              setStatus({ ok: true, text: t("saveToApply") });
            }}
          >
            {t("removeAvatar")}
          </button>
        ) : null}
      </div>
      <label className="mb-3 block text-sm">
        {t("bio")}
        <textarea value={bio ?? ""} maxLength={BIO_MAX} onChange={(e) => setBio(e.target.value)} rows={2} className="mt-1 block w-full rounded border border-border bg-bg p-2" />
        <span className="text-xs text-muted">{t("bioCount", { length: (bio ?? "").length, max: BIO_MAX })}</span>
      </label>
      <fieldset className="mb-3 text-sm">
        <legend>{t("nameColor")}</legend>
        <div className="mt-1 flex flex-wrap gap-1">
          {NAME_COLOR_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-label={t("nameColorOf", { color: preset })}
              aria-pressed={color === preset}
              onClick={() => setColor(preset)}
              className={`h-5 w-5 rounded ${color === preset ? "ring-2 ring-fg" : ""}`}
              style={{ background: preset }}
            />
          ))}
        </div>
        <button type="button" className="mt-1 text-xs underline" onClick={() => setColor(null)}>{t("resetColor")}</button>
      </fieldset>
      {status ? <p role={status.ok ? "status" : "alert"} className={`mb-2 text-sm ${status.ok ? "text-ok" : "text-danger"}`}>{status.text}</p> : null}
      <div className="flex gap-2">
        <button type="button" onClick={() => void save()} className="rounded bg-accent px-3 py-1 font-semibold text-accent-fg">{t("save")}</button>
        <button type="button" onClick={props.onSignOut} className="rounded border border-border px-3 py-1">{t("signOut")}</button>
      </div>
      <ChangePassword />
      <DangerZone />
    </Modal>
  );
}

const field = "mt-1 block w-full rounded border border-border bg-bg px-2 py-1";

function ChangePassword() {
  const t = useTranslations("dialogs.account.password");
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async () => {
    if (!current) return setMessage({ ok: false, text: t("enterCurrent") });
    try {
      await request("/change-password", {
        method: "POST",
        body: new URLSearchParams({ current_password: current, new_password: next, confirm_password: confirm }),
      });
      setMessage({ ok: true, text: t("changed") });
      setCurrent("");
      setNext("");
      setConfirm("");
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiFailure ? err.message : t("failed") });
    }
  };
  if (!open) {
    return <button type="button" className="mt-4 block text-sm underline" onClick={() => setOpen(true)}>{t("open")}</button>;
  }
  return (
    <fieldset className="mt-4 border-t border-border pt-3 text-sm">
      <legend className="font-semibold">{t("legend")}</legend>
      <label className="block">{t("current")}<input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} className={field} /></label>
      <label className="mt-2 block">{t("new")}<input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} className={field} /></label>
      <label className="mt-2 block">{t("confirm")}<input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} className={field} /></label>
      {message ? <p role={message.ok ? "status" : "alert"} className={`mt-2 ${message.ok ? "text-ok" : "text-danger"}`}>{message.text}</p> : null}
      <button type="button" onClick={() => void submit()} className="mt-2 rounded bg-accent px-3 py-1 text-accent-fg">{t("submit")}</button>
    </fieldset>
  );
}

function DangerZone() {
  const t = useTranslations("dialogs.account.danger");
  const [kind, setKind] = useState<"soft" | "hard" | null>(null);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmDelete = async () => {
    if (!password) return setError(t("enterPassword"));
    setBusy(true);
    // Quiet the app first, so nothing asks the server with the session this ends.
    const pause = suspendRequests();
    await new Promise((r) => setTimeout(r, 400));
    try {
      const res = await fetch("/delete_account", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: kind, password }) });
      if (res.ok) {
        window.location.assign(new URL("/login", window.location.origin).href);
        return;
      }
      pause.resume();
      setError(ApiFailure.describe(await res.text()) || t("failed"));
    } catch {
      pause.resume();
      setError(t("network"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="mt-4 rounded border border-danger/60 p-3 text-sm" aria-labelledby="danger-zone">
      <h3 id="danger-zone" className="mb-2 font-semibold text-danger">{t("title")}</h3>
      {kind === null ? (
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={() => setKind("soft")} className="rounded border border-danger px-2 py-1 text-danger">{t("soft")}</button>
          <button type="button" onClick={() => setKind("hard")} className="rounded border border-danger px-2 py-1 text-danger">{t("hard")}</button>
        </div>
      ) : (
        <div>
          <p className="mb-2">
            {kind === "soft" ? t("softExplained") : t("hardExplained")}
          </p>
          <label className="block">{t("password")}<input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} className={field} /></label>
          {error ? <p role="alert" className="mt-2 text-danger">{error}</p> : null}
          <div className="mt-2 flex gap-2">
            <button type="button" disabled={busy} onClick={() => void confirmDelete()} className="rounded bg-danger px-3 py-1 font-semibold text-white">
              {busy ? t("deleting") : kind === "soft" ? t("confirmSoft") : t("confirmHard")}
            </button>
            <button type="button" onClick={() => { setKind(null); setError(null); }} className="rounded border border-border px-3 py-1">{t("cancel")}</button>
          </div>
        </div>
      )}
    </section>
  );
}
