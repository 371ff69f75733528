"use client";

import { useEffect, useState } from "react";
import { ApiFailure, getJson, postJson, request } from "@/lib/client/api";
import { NAME_COLOR_PRESETS } from "@/lib/client/colors";
import { Avatar } from "./avatar";
import { Modal } from "./modal";

const BIO_MAX = 160;

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
  const [bio, setBio] = useState<string | null>(null);
  const [color, setColor] = useState<string | null | undefined>(undefined);
  const [override, setOverride] = useState<string>("auto");
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    void getJson<{ name_color: string | null; bio: string | null }>("/settings").then((s) => {
      setBio(s.bio ?? "");
      setColor(s.name_color);
    });
    void getJson<{ override: string | null }>("/presence/override").then((o) => setOverride(o.override ?? "auto"));
  }, []);

  const uploadAvatar = async (file: File) => {
    if (file.size > props.maxAvatarMb * 1024 * 1024) return setStatus(`Avatar image must be under ${Math.trunc(props.maxAvatarMb)} MB.`);
    const form = new FormData();
    form.set("avatar", file, file.name);
    try {
      await request("/avatar", { method: "POST", body: form });
      setStatus("Avatar updated.");
      props.onSaved();
    } catch (err) {
      setStatus(err instanceof ApiFailure ? err.message : "Upload failed.");
    }
  };

  const save = async () => {
    try {
      await postJson("/settings", { name_color: color ?? null, bio: bio ?? "" });
      setStatus("Saved.");
      props.onSaved();
    } catch (err) {
      setStatus(err instanceof ApiFailure ? err.message : "Could not save.");
    }
  };

  return (
    <Modal title="Account" onClose={props.onClose}>
      <div className="mb-4 flex items-center gap-3">
        <Avatar name={props.me} size={48} hasImage={props.hasAvatar} colors={props.colors} version={props.avatarVersion} />
        <span className="text-lg font-semibold">{props.me}</span>
      </div>
      <label className="mb-3 block text-sm">
        Set yourself as
        <select
          value={override}
          onChange={async (e) => {
            setOverride(e.target.value);
            await postJson("/presence/override", { override: e.target.value });
          }}
          className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1"
        >
          <option value="auto">Automatic</option>
          <option value="active">Online</option>
          <option value="idle">Away</option>
          <option value="offline">Offline</option>
        </select>
      </label>
      <div className="mb-3 text-sm">
        <span className="block">Avatar</span>
        <label className="mt-1 inline-block cursor-pointer rounded border border-border px-2 py-1 hover:bg-raised">
          Upload Image
          <input type="file" accept="image/*" className="sr-only" aria-label="Upload avatar image" onChange={(e) => e.target.files?.[0] && void uploadAvatar(e.target.files[0])} />
        </label>
        {props.hasAvatar ? (
          <button
            type="button"
            className="ml-2 rounded border border-border px-2 py-1 hover:bg-raised"
            onClick={async () => {
              await request("/avatar", { method: "DELETE" });
              props.onSaved();
            }}
          >
            Remove avatar
          </button>
        ) : null}
      </div>
      <label className="mb-3 block text-sm">
        Bio
        <textarea value={bio ?? ""} maxLength={BIO_MAX} onChange={(e) => setBio(e.target.value)} rows={2} className="mt-1 block w-full rounded border border-border bg-bg p-2" />
        <span className="text-xs text-muted">{(bio ?? "").length}/{BIO_MAX}</span>
      </label>
      <fieldset className="mb-3 text-sm">
        <legend>Name Color</legend>
        <div className="mt-1 flex flex-wrap gap-1">
          {NAME_COLOR_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-label={`Name colour ${preset}`}
              aria-pressed={color === preset}
              onClick={() => setColor(preset)}
              className={`h-5 w-5 rounded ${color === preset ? "ring-2 ring-fg" : ""}`}
              style={{ background: preset }}
            />
          ))}
        </div>
        <button type="button" className="mt-1 text-xs underline" onClick={() => setColor(null)}>Reset to default</button>
      </fieldset>
      {status ? <p role="status" className="mb-2 text-sm text-ok">{status}</p> : null}
      <div className="flex gap-2">
        <button type="button" onClick={() => void save()} className="rounded bg-accent px-3 py-1 font-semibold text-accent-fg">Save</button>
        <button type="button" onClick={props.onSignOut} className="rounded border border-border px-3 py-1">Sign out</button>
      </div>
    </Modal>
  );
}
