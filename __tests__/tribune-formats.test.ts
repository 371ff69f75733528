// The tribune backends' serializers (lib/tribune/formats.ts) on the spec's fixture F (§2.3), byte for byte,
// and well-formed XML whatever the messages hold.
import { crapXmlBody, isTimeZone, jsonBody, localStamp, plainBody, tribunePost, tsvBody, wrapText, xmlBody, type TribunePost } from "@/lib/tribune/formats";
import { xmlErrors } from "./helpers/xml";

const at = (iso: string) => Date.parse(iso) / 1000;

// Fixture F, oldest first as the asc backends print it.
const F: TribunePost[] = [
  tribunePost({ id: 1, time: at("2012-03-17T16:15:27Z"), info: "From Admin", login: "superman", raw: "Preum's" }),
  tribunePost({ id: 2, time: at("2012-03-17T16:16:13.250Z"), info: "Coward", login: null, raw: "Deuze" }),
  tribunePost({ id: 3, time: at("2012-03-17T16:16:13.900Z"), info: "Mozilla/5.0", login: null, raw: "16:16:13 <b>Troize</b> & http://perdu.com [:totoz]" }),
];
const newestFirst = [...F].reverse();
const UTC = { timeZone: "UTC" };
const SITE = { timeZone: "UTC", site: "http://example.com" };


describe("time", () => {
  it("is 14 local digits in the configured zone, daylight saving included", () => {
    expect(localStamp(at("2012-03-17T16:15:27Z"), "UTC")).toBe("20120317161527");
    expect(localStamp(at("2012-03-17T16:15:27Z"), "Europe/Paris")).toBe("20120317171527");
    expect(localStamp(at("2012-07-17T16:15:27Z"), "Europe/Paris")).toBe("20120717181527");
    expect(localStamp(at("2012-03-17T23:30:00Z"), "Asia/Kolkata")).toBe("20120318050000");
    expect(localStamp(at("2012-01-01T00:00:00Z"), "America/New_York")).toBe("20111231190000");
  });

  it("knows which zone names are real", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("plain backend (spec §2.4)", () => {
  it("prints fixture F as the reference does", () => {
    expect(plainBody(F, UTC)).toBe(
      [
        "16:15:27     <superman>    Preum's                                                               ",
        "16:16:13     Coward        Deuze                                                                 ",
        "16:16:13²    Mozilla/5.0   16:16:13 <b>Troize</b> & http://perdu.com [:totoz]                    ",
      ].join("\n"),
    );
  });

  it("is empty when there are no posts (spec §11.2 #7)", () => {
    expect(plainBody([], UTC)).toBe("");
  });

  it("counts the brackets of a long login and wraps long messages under blank cells", () => {
    const post = tribunePost({ id: 9, time: at("2012-03-17T16:15:27Z"), info: "x", login: "wonderwoman", raw: "aaaa bbbb cccc dddddddddddd" });
    const body = plainBody([post], { timeZone: "UTC", tableWidth: 31 });
    expect(body.split("\n")).toEqual([
      "16:15:27     <wonderwoman>   aaaa     ",
      "                             bbbb     ",
      "                             cccc ddd ",
      "                             dddddddd ",
      "                             d        ",
    ]);
    for (const line of body.split("\n")) expect(line).toHaveLength(31 + 7);
  });

  it("writes the tenth post of a second with a two-digit superscript", () => {
    const posts = Array.from({ length: 10 }, (_, i) => tribunePost({ id: i + 1, time: at("2012-03-17T16:15:27Z"), info: "ua-x", login: null, raw: "x" }));
    expect(plainBody(posts, UTC).split("\n")[9]!.startsWith("16:15:27¹⁰   ")).toBe(true);
  });

  it("wraps like Python's textwrap", () => {
    expect(wrapText("  lead and   spaces", 8)).toEqual(["  lead", "and", "spaces"]);
    expect(wrapText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    expect(wrapText("a\tb", 20)).toEqual(["a       b"]);
  });
});

describe("TSV backend (spec §2.5)", () => {
  it("prints fixture F as the reference does, \\n after every line", () => {
    expect(tsvBody(F, UTC)).toBe(
      "1\t20120317161527\tFrom Admin\tsuperman\tPreum's\n" +
        "2\t20120317161613\tCoward\t\tDeuze\n" +
        "3\t20120317161613\tMozilla/5.0\t\t16:16:13 <b>Troize</b> & http://perdu.com [:totoz]\n",
    );
  });

  it("keeps exactly 5 fields per line whatever the fields hold (spec §11.2 #11)", () => {
    const post = tribunePost({ id: 7, time: 0, info: "tab\there\nnl", login: "a\tb", raw: "one\ttwo\r\nthree\nfour" });
    const body = tsvBody([post], UTC);
    expect(body).toBe("7\t19700101000000\ttab here nl\ta b\tone two  three four\n");
    expect(body.slice(0, -1).split("\n")).toHaveLength(1);
    expect(body.slice(0, -1).split("\t")).toHaveLength(5);
  });

  it("is empty when there are no posts", () => {
    expect(tsvBody([], UTC)).toBe("");
  });
});

describe("JSON backend (spec §2.6)", () => {
  it("prints fixture F as the reference does", () => {
    expect(jsonBody(F, UTC)).toBe(
      '[{"id": 1, "created": "20120317161527", "clock": "16:15:27", "author__username": "superman", "user_agent": "From Admin", "web_render": "Preum\'s", "clock_indice": 1, "clockclass": "16152701", "owned": false}, ' +
        '{"id": 2, "created": "20120317161613", "clock": "16:16:13", "author__username": null, "user_agent": "Coward", "web_render": "Deuze", "clock_indice": 1, "clockclass": "16161301", "owned": false}, ' +
        '{"id": 3, "created": "20120317161613", "clock": "16:16:13", "author__username": null, "user_agent": "Mozilla/5.0", "web_render": "<span class=\\"pointer\\">16:16:13</span> <b>Troize</b> &#38; <a href=\\"http://perdu.com\\" class=\\"external\\" rel=\\"nofollow\\">[url]</a> <a class=\\"smiley\\" href=\\"http://totoz.eu/totoz.gif\\" rel=\\"nofollow\\">[:totoz]</a>", "clock_indice": 2, "clockclass": "16161302", "owned": false}]',
    );
  });

  it("marks owned posts, escapes non-ASCII as Python does and parses back", () => {
    const posts = [tribunePost({ id: 4, time: 0, info: "été 🎉", login: null, raw: "x" }), ...F];
    const body = jsonBody(posts, { timeZone: "UTC", isOwned: (post) => post.id === 4 });
    expect(body).toContain('"user_agent": "\\u00e9t\\u00e9 \\ud83c\\udf89"');
    const rows = JSON.parse(body) as Array<{ id: number; owned: boolean; user_agent: string }>;
    expect(rows.map((row) => [row.id, row.owned])).toEqual([[4, true], [1, false], [2, false], [3, false]]);
    expect(rows[0]!.user_agent).toBe("été 🎉");
    expect(jsonBody([], UTC)).toBe("[]");
  });
});

describe("XML backend (spec §2.7)", () => {
  it("prints fixture F newest first as the reference does", () => {
    expect(xmlBody(newestFirst, SITE)).toBe(
      "<?xml version='1.0' encoding='UTF-8'?>\n" +
        '<board site="http://example.com"><post id="3" time="20120317161613"><info>Mozilla/5.0</info><login /><message>16:16:13 <b>Troize</b> &amp; <a href="http://perdu.com">[url]</a> [:totoz]</message></post>' +
        '<post id="2" time="20120317161613"><info>Coward</info><login /><message>Deuze</message></post>' +
        "<post id=\"1\" time=\"20120317161527\"><info>From Admin</info><login>superman</login><message>Preum's</message></post></board>",
    );
  });

  it("is an empty board element when there are no posts", () => {
    expect(xmlBody([], SITE)).toBe("<?xml version='1.0' encoding='UTF-8'?>\n<board site=\"http://example.com\" />");
  });

  it("escapes identities once (DESIGN tribune decision 3)", () => {
    const body = xmlBody([tribunePost({ id: 5, time: 0, info: "A&B <x>", login: "l&m", raw: "" })], SITE);
    expect(body).toContain("<info>A&amp;B &lt;x&gt;</info><login>l&amp;m</login><message /></post>");
  });

  it("prints the CRAP document indented at board and post level only (spec §2.7.1, §11.2 #10)", () => {
    const withMarkup = tribunePost({ id: 6, time: at("2012-03-17T16:16:14Z"), info: "ua-y", login: null, raw: "<b>x</b>" });
    expect(crapXmlBody([withMarkup, ...newestFirst], SITE)).toBe(
      "<?xml version='1.0' encoding='UTF-8'?>\n" +
        '<board site="http://example.com">\n' +
        ' <post id="6" time="20120317161614">\n  <info>ua-y</info>\n  <login />\n  <message><b>x</b></message>\n </post>\n' +
        ' <post id="3" time="20120317161613">\n  <info>Mozilla/5.0</info>\n  <login />\n' +
        '  <message>16:16:13 <b>Troize</b> &amp; <a href="http://perdu.com">[url]</a> [:totoz]</message>\n </post>\n' +
        ' <post id="2" time="20120317161613">\n  <info>Coward</info>\n  <login />\n  <message>Deuze</message>\n </post>\n' +
        ' <post id="1" time="20120317161527">\n  <info>From Admin</info>\n  <login>superman</login>\n  <message>Preum\'s</message>\n </post>\n' +
        "</board>\n",
    );
    expect(crapXmlBody([], SITE)).toBe("<?xml version='1.0' encoding='UTF-8'?>\n<board site=\"http://example.com\" />\n");
  });
});

describe("well-formed XML always (DESIGN tribune decision 4, spec §11.2 #1)", () => {
  const hostile = [
    "<b>unclosed <i>nested", "</b></i></u>closers only", "<b><i>crossed</b></i>", "<b class=\"x\">attr</b>", "<script>alert(1)</script>",
    "a & b && c &amp; &#38; &#x0; &bogus;", "<![CDATA[ x ]]> <!-- c --> <?pi x?>", "]]>", "\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u001f nul",
    "\ufffe\uffff lone \ud800 \udc00 surrogates", "tab\tnl\ncr\r", "<code><b>in code</code></b>", "<code>unclosed code <m>x",
    "<m><m><m>moments</m>", "http://fr.wikipedia.org/wiki/A&B<c>\"d\" http://x.free.fr/<b>", "(http://a.b/?q=\"x\"&y=<z>)",
    "[\"http://a.b/\" ] \"https://c.d/ e", `https://x.org/${"w".repeat(500)}`, "w".repeat(500), "&".repeat(500), "<".repeat(250) + ">".repeat(250),
    "emoji 🎉👩‍👩‍👧 ﷽ 𝕏 [:totoz] 12:34:56¹", "gopher://g/\u0001 git+ssh://h/\u0002r", "<tt><s><u><i><b>deep</tt>", "</code><code></code>",
    "\"'<>&", "http://<b>", "svn://x/\"quoted\"",
  ];
  const posts = hostile.map((raw, i) => tribunePost({ id: i + 1, time: i, info: raw.slice(0, 150), login: i % 2 === 0 ? null : raw.slice(0, 40), raw }));

  it.each(hostile.map((raw, i) => [i + 1, raw] as const))("message %i %j gives a well-formed document", (id) => {
    const post = posts[id - 1]!;
    for (const body of [xmlBody([post], SITE), crapXmlBody([post], SITE)]) {
      expect(xmlErrors(body)).toEqual([]);
    }
  });

  it("gives well-formed documents for all of them together, with a hostile site too", () => {
    const site = { timeZone: "UTC", site: "http://a\"b&<c>\u0001" };
    expect(xmlErrors(xmlBody(posts, site))).toEqual([]);
    expect(xmlErrors(crapXmlBody(posts, site))).toEqual([]);
  });

  it("would notice a broken document", () => {
    expect(xmlErrors("<a>&bogus; \u0001 ]]></a><b />")).toHaveLength(4);
  });

  it("gives well-formed documents for the fixture", () => {
    expect(xmlErrors(xmlBody(newestFirst, SITE))).toEqual([]);
    expect(xmlErrors(crapXmlBody(F, SITE))).toEqual([]);
  });

  it("leaves no XML-invalid character anywhere in the documents", () => {
    const invalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    expect(invalid.test(xmlBody(posts, SITE))).toBe(false);
    expect(invalid.test(crapXmlBody(posts, SITE))).toBe(false);
  });
});
