// Norloges (tribune clock references) as the web chat reads them: what counts as one, and which
// earlier messages it points at, in the tribune's time zone.
import { findNorloges, indexMessages, localClock, norlogeFor, norlogeTargets, parseNorloge } from "@/lib/chat/norloges";

const texts = (text: string) => findNorloges(text).map((n) => n.text);

describe("finding norloges in text", () => {
  it("reads HH:MM and HH:MM:SS, with the index, date and board forms of olcc", () => {
    expect(parseNorloge("12:34")).toMatchObject({ hour: 12, minute: 34, second: null, nth: null, date: null, board: null });
    expect(parseNorloge("23:59:07")).toMatchObject({ hour: 23, minute: 59, second: 7 });
    expect(parseNorloge("12:34:56²")).toMatchObject({ second: 56, nth: 2 });
    expect(parseNorloge("12:34:56¹²")).toMatchObject({ nth: 12 });
    expect(parseNorloge("12:34:56^3")).toMatchObject({ nth: 3 });
    expect(parseNorloge("12:34:56:4")).toMatchObject({ nth: 4 });
    expect(parseNorloge("12:34^2")).toMatchObject({ second: null, nth: 2 });
    expect(parseNorloge("2024-05-01 12:34:56")).toMatchObject({ date: { year: 2024, month: 5, day: 1 }, second: 56 });
    expect(parseNorloge("2024-05-01T12:34")).toMatchObject({ date: { year: 2024, month: 5, day: 1 } });
    expect(parseNorloge("05/01#12:34:56")).toMatchObject({ date: { year: null, month: 5, day: 1 } });
    expect(parseNorloge("12:34:56@general")).toMatchObject({ board: "general", second: 56 });
    expect(parseNorloge("12:34:56²@dev-ops")).toMatchObject({ board: "dev-ops", nth: 2 });
  });

  it("finds every norloge of a message, where it is", () => {
    const found = findNorloges("12:00 Horloges en séries 13:59:07 21:21:21² 22:34:48 et 22:34:48⁶.");
    expect(found.map((n) => n.text)).toEqual(["12:00", "13:59:07", "21:21:21²", "22:34:48", "22:34:48⁶"]);
    expect(found[1]?.index).toBe("12:00 Horloges en séries ".length);
    expect(texts("(12:34) «12:34:56» 12:34, then")).toEqual(["12:34", "12:34:56", "12:34"]);
  });

  it("does not read impossible times, numbers or words as norloges", () => {
    for (const text of ["24:00", "12:60", "1234", "12:345", "112:34", "a12:34", "12:34h", "12:34:60", "1:12:34:56", "12:34:56:78:90", "v1.2:34"]) {
      expect([text, texts(text)]).toEqual([text, []]);
    }
    // An impossible date is not part of the norloge; the clock still is.
    expect(texts("2024-13-40 12:34")).toEqual(["12:34"]);
    expect(parseNorloge("12:34 ")).toBeNull();
  });
});

describe("what a norloge points at", () => {
  // 2024-05-01 10:00:00 UTC is 12:00:00 in Paris (summer time).
  const t0 = Date.UTC(2024, 4, 1, 10, 0, 0) / 1000;
  const messages = [
    { id: 10, ts: t0 }, // 12:00:00
    { id: 11, ts: t0 + 0.4 }, // 12:00:00, a second post in that second
    { id: 12, ts: t0 + 0.9 }, // 12:00:00, a third
    { id: 13, ts: t0 + 42 }, // 12:00:42
    { id: 14, ts: t0 + 75 }, // 12:01:15
    { id: 20, ts: t0 + 86_400 + 30 }, // the next day, 12:00:30
  ];
  const index = indexMessages(messages, "Europe/Paris");
  const targets = (text: string, before?: number, board = "general") => norlogeTargets(parseNorloge(text)!, index, { board, before });

  it("reads message times in the tribune's time zone", () => {
    expect(localClock(t0, "Europe/Paris")).toEqual({ year: 2024, month: 5, day: 1, hour: 12, minute: 0, second: 0 });
    expect(localClock(t0, "UTC")).toMatchObject({ hour: 10 });
    expect(targets("10:00:00")).toEqual([]);
    expect(norlogeTargets(parseNorloge("10:00:00")!, indexMessages(messages, "UTC"), { board: "general" })).toEqual([10, 11, 12]);
  });

  it("HH:MM is any message of that minute, HH:MM:SS that second, on the latest day that has one", () => {
    expect(targets("12:00", 20)).toEqual([10, 11, 12, 13]);
    expect(targets("12:00:42", 20)).toEqual([13]);
    expect(targets("12:01", 20)).toEqual([14]);
    // Without a date, the latest day wins; a date picks the day.
    expect(targets("12:00")).toEqual([20]);
    expect(targets("2024-05-01 12:00")).toEqual([10, 11, 12, 13]);
    expect(targets("05/02#12:00")).toEqual([20]);
    expect(targets("2023-05-01 12:00")).toEqual([]);
  });

  it("an index picks the n-th message of that second (the oldest is the first)", () => {
    expect(targets("12:00:00¹")).toEqual([10]);
    expect(targets("12:00:00²")).toEqual([11]);
    expect(targets("12:00:00^3")).toEqual([12]);
    expect(targets("12:00:00:4")).toEqual([]);
    expect(targets("12:00^4", 20)).toEqual([13]);
  });

  it("points only at earlier messages", () => {
    expect(targets("12:00:42", 13)).toEqual([]);
    expect(targets("12:00", 12)).toEqual([10, 11]);
  });

  it("a board suffix must name the open channel", () => {
    expect(targets("12:00:42@general", 20)).toEqual([13]);
    expect(targets("12:00:42@General", 20)).toEqual([13]);
    expect(targets("12:00:42@random", 20)).toEqual([]);
  });

  it("falls back to UTC for a time zone the browser does not know", () => {
    expect(localClock(t0, "Not/AZone")).toMatchObject({ hour: 10 });
  });
});

describe("norlogeFor: the reference a reader types to answer a message", () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const index = indexMessages(
    [
      { id: 1, ts: at("2027-01-14T12:34:56Z") },
      { id: 2, ts: at("2027-01-15T12:34:56.2Z") },
      { id: 3, ts: at("2027-01-15T12:34:56.7Z") },
      { id: 4, ts: at("2027-01-15T12:35:00Z") },
    ],
    "UTC",
  );

  it("gives the clock, an index when the second is shared, and the date when a later day has that second", () => {
    expect(norlogeFor(4, index)).toBe("12:35:00");
    expect(norlogeFor(2, index)).toBe("12:34:56¹");
    expect(norlogeFor(3, index)).toBe("12:34:56²");
    expect(norlogeFor(1, index)).toBe("2027-01-14T12:34:56");
    expect(norlogeFor(99, index)).toBeNull();
  });

  it("points back at exactly that message", () => {
    for (const id of [1, 2, 3, 4]) {
      const norloge = parseNorloge(norlogeFor(id, index)!)!;
      expect(norlogeTargets(norloge, index, { board: "general" })).toEqual([id]);
    }
  });
});
