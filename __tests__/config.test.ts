import fs from "node:fs";
import path from "node:path";
import { authSecret } from "@/lib/auth/secret";
import { ConfigError, loadSettings, parseSettings, paths, settings, SETTINGS_RECHECK_MS } from "@/lib/config";

describe("settings.json", () => {
  it("ships the reference's values and our additions", () => {
    const shipped = parseSettings(fs.readFileSync(path.join(process.cwd(), "settings.json"), "utf8"));
    expect(shipped).toMatchObject({
      channels: ["general", "software", "firmware", "systems", "off-topic"],
      image_retention_days: 30,
      file_retention_days: 30,
      message_retention_days: 770,
      max_upload_size_mb: 25,
      max_avatar_size_mb: 5,
      max_login_attempts: 5,
      lockout_duration_minutes: 15,
      merge_window_seconds: 300,
      tribune: { anonymous: false, time_zone: "UTC", site: null },
    });
    expect(shipped.boards.boards).toHaveLength(30);
  });

  it("fills in defaults for everything missing", () => {
    expect(parseSettings("{}")).toMatchObject({
      channels: ["general"],
      max_upload_size_mb: 25,
      max_login_attempts: 5,
      login_failure_delay_seconds: 3,
      merge_window_seconds: 300,
      tribune: { anonymous: false, time_zone: "UTC", site: null },
    });
    expect(parseSettings('{"tribune": {"anonymous": true}}').tribune).toEqual({ anonymous: true, time_zone: "UTC", site: null });
  });

  it.each([
    ["{not json", /not valid JSON/],
    ['["general"]', /\(top level\)/],
    ['{"channels": "general"}', /channels:/],
    ['{"channels": []}', /channels:/],
    ['{"channels": ["general", "general"]}', /channels: channel names must be unique/],
    ['{"channels": ["dm:x"]}', /channels\.0: channel names may not contain/],
    ['{"channels": ["a b"]}', /channels\.0/],
    ['{"max_upload_size_mb": -1}', /max_upload_size_mb:/],
    ['{"max_login_attempts": true}', /max_login_attempts:/],
    ['{"lockout_duration_minutes": 0}', /lockout_duration_minutes:/],
    ['{"chanels": ["general"]}', /Unrecognized key.*chanels/],
    ['{"tribune": {"anonymus": true}}', /tribune/],
  ])("refuses %s with a message naming the problem", (text, message) => {
    expect(() => parseSettings(text, "/etc/minimost/settings.json")).toThrow(ConfigError);
    expect(() => parseSettings(text, "/etc/minimost/settings.json")).toThrow(message);
    expect(() => parseSettings(text, "/etc/minimost/settings.json")).toThrow("/etc/minimost/settings.json");
  });

  it("uses defaults when there is no file, but never for a file that is wrong", () => {
    const dir = fs.mkdtempSync(path.join(process.env.MINIMOST_TEST_ROOT!, "cfg-"));
    expect(loadSettings(path.join(dir, "absent.json")).channels).toEqual(["general"]);
    fs.writeFileSync(path.join(dir, "bad.json"), '{"channels": 5}');
    expect(() => loadSettings(path.join(dir, "bad.json"))).toThrow(ConfigError);
  });

  it("follows edits of the file within a second, and keeps the last good settings when an edit is broken", async () => {
    const file = process.env.SETTINGS_FILE!;
    const original = fs.readFileSync(file, "utf8");
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const aWhile = () => new Promise((resolve) => setTimeout(resolve, SETTINGS_RECHECK_MS + 50));
    try {
      settings();
      fs.writeFileSync(file, JSON.stringify({ channels: ["one", "two"] }));
      await aWhile();
      expect(settings().channels).toEqual(["one", "two"]);
      fs.writeFileSync(file, '{"channels": [}');
      await aWhile();
      expect(settings().channels).toEqual(["one", "two"]);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("keeping the previous settings"));
    } finally {
      errors.mockRestore();
      fs.writeFileSync(file, original);
      loadSettings();
    }
  });
});

describe("paths", () => {
  it("come from DATA_DIR and UPLOAD_DIR", () => {
    const p = paths();
    expect(p.dataDir).toBe(process.env.DATA_DIR);
    expect(p.uploadDir).toBe(process.env.UPLOAD_DIR);
    expect(p.sharedDb).toBe(path.join(process.env.DATA_DIR!, "shared.db"));
    expect(p.userDir).toBe(path.join(process.env.DATA_DIR!, "users"));
    expect(p.channelDir).toBe(path.join(process.env.DATA_DIR!, "channels"));
    expect(p.avatarDir).toBe(path.join(process.env.UPLOAD_DIR!, "avatars"));
  });
});

describe("the auth secret", () => {
  const KEYS = ["AUTH_SECRET", "NEXTAUTH_SECRET", "DATABASE_URL"] as const;
  const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  afterEach(() => {
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("is generated on first start, kept owner-only in the data folder, and stable (the embedded database)", () => {
    // A secret file is the single-instance default: `npm run test:scale` runs on PostgreSQL, where it
    // must come from the environment (next case), so this one runs without DATABASE_URL.
    delete process.env.AUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    delete process.env.DATABASE_URL;
    const file = paths().secretFile;
    fs.rmSync(file, { force: true });
    const first = authSecret();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(authSecret()).toBe(first);
  });

  it("must come from the environment on PostgreSQL: without it, a clear configuration error and no file", () => {
    delete process.env.AUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:5432/minimost";
    const file = paths().secretFile;
    fs.rmSync(file, { force: true });
    expect(() => authSecret()).toThrow(ConfigError);
    expect(() => authSecret()).toThrow("with DATABASE_URL on PostgreSQL, set AUTH_SECRET to the same random value on every instance");
    expect(fs.existsSync(file)).toBe(false);
    process.env.AUTH_SECRET = "from-the-environment-0123456789abcdef";
    expect(authSecret()).toBe("from-the-environment-0123456789abcdef");
  });

  it("comes from the environment when given", () => {
    process.env.AUTH_SECRET = "from-the-environment-0123456789abcdef";
    expect(authSecret()).toBe("from-the-environment-0123456789abcdef");
  });
});
