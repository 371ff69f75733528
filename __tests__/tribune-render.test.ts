// The tribune's message renderer (lib/tribune/render.ts) against the reference samples of spec §5.
import { remoteRender, webRender, urlLabel } from "@/lib/tribune/render";

describe("remote render: the reference samples (spec §5.5)", () => {
  it.each([
    ["Un lien correct http://perdu.com et un autre http://coin.org/foo.bar?po=1&foo=lop aussi",
      'Un lien correct <a href="http://perdu.com">[url]</a> et un autre <a href="http://coin.org/foo.bar?po=1&amp;foo=lop">[url]</a> aussi'],
    ["... http://prout.free.fr et une autre http://prout.free.fr/flop/quiz voila",
      '... <a href="http://prout.free.fr">[prout@free]</a> et une autre <a href="http://prout.free.fr/flop/quiz">[prout@free]</a> voila'],
    ["Une url entourée de quelque chose (http://machin.info)",
      'Une url entourée de quelque chose (<a href="http://machin.info">[url]</a>)'],
    ["Un lien foireux http://<b>", 'Un lien foireux <a href="http://">[url]</a>'],
    ["Un url avec des accents http://fr.wikipedia.org/wiki/Téléphone voila<b>",
      'Un url avec des accents <a href="http://fr.wikipedia.org/wiki/Téléphone">[Téléphone@wikipedia]</a> voila'],
    ["...pas frais http://fr.finance.yahoo.com/q/bc?s=^FCHI&t=1y&l=on&z=m&q=l&c=",
      '...pas frais <a href="http://fr.finance.yahoo.com/q/bc?s=^FCHI&amp;t=1y&amp;l=on&amp;z=m&amp;q=l&amp;c=">[yahoo]</a>'],
    ["gopher://gopher.floodgap.com/0/fun/figletgw?kupo!|font=isometric3 gopher y'a ...",
      '<a href="gopher://gopher.floodgap.com/0/fun/figletgw?kupo!|font=isometric3">[gopher]</a> gopher y\'a ...'],
    ["Une url avec [Ip:port] : http://192.168.0.101:8888/about/",
      'Une url avec [Ip:port] : <a href="http://192.168.0.101:8888/about/">[url]</a>'],
    ["http://192.168.0.101:8888/about?foo=tu a le look coco&bar=ok",
      '<a href="http://192.168.0.101:8888/about?foo=tu">[url]</a> a le look coco&amp;bar=ok'],
    ["Un totoz en gras <b>[:rofl]</b> mais correct", "Un totoz en gras <b>[:rofl]</b> mais correct"],
    ["Un totoz [:avec plein d'espace made in elly<] c'est fou", "Un totoz [:avec plein d'espace made in elly&lt;] c'est fou"],
    ["<b>====> Moment Test - À la main en html <====</b>", "<b>====&gt; Moment Test - À la main en html &lt;====</b>"],
    ["<m>Foireux 1<m>", "====&gt; <b>Moment Foireux 1</b> &lt;===="],
    ["<m>Automatique 1</m> vs <m> Automatique 2 </m>",
      "====&gt; <b>Moment Automatique 1</b> &lt;==== vs ====&gt; <b>Moment  Automatique 2 </b> &lt;===="],
    ["<b>Avec un - http://www.none.fr/search?hl=fr&btnG=Recherche+Google&meta=&q=azedaed-</b>",
      '<b>Avec un - <a href="http://www.none.fr/search?hl=fr&amp;btnG=Recherche+Google&amp;meta=&amp;q=azedaed-">[url]</a></b>'],
    ["12:00 Horloges en séries 1:00:11 13:59:07 21:21:21² 22:34:48 22:34:48⁶",
      "12:00 Horloges en séries 1:00:11 13:59:07 21:21:21² 22:34:48 22:34:48⁶"],
    ["Un message <b>partiellement</b> <u>correct", "Un message <b>partiellement</b> <u>correct</u>"],
    ['Test <de faux attributs/> <et attributs =""/> xml', 'Test &lt;de faux attributs/&gt; &lt;et attributs =""/&gt; xml'],
    [`'"''"#\\'"'foirade&totale`, `'"''"#\\'"'foirade&amp;totale`],
    ["Un bout de code <code><?php echo <b>phpinfo();</b> ?></code> en php kipu",
      "Un bout de code <code>&lt;?php echo &lt;b&gt;phpinfo();&lt;/b&gt; ?&gt;</code> en php kipu"],
    ["13:42:12² Un post http://perdu.com <b>complet</b> [:lol] et <u>correct</u> 12:12 tu l'a dit bouffi : http://yahoo.fr/actus [:rofl]",
      '13:42:12² Un post <a href="http://perdu.com">[url]</a> <b>complet</b> [:lol] et <u>correct</u> 12:12 tu l\'a dit bouffi : <a href="http://yahoo.fr/actus">[yahoo]</a> [:rofl]'],
  ])("%j", (raw, expected) => {
    expect(remoteRender(raw)).toBe(expected);
  });

  it("renders message 3 of fixture F as the stored remote render, serialized", () => {
    expect(remoteRender("16:16:13 <b>Troize</b> & http://perdu.com [:totoz]"))
      .toBe('16:16:13 <b>Troize</b> &amp; <a href="http://perdu.com">[url]</a> [:totoz]');
  });
});

describe("tag rules (spec §5.2)", () => {
  it.each([
    ["<b>a", "<b>a</b>"], ["a</b>", "a"], ["<b><i>x</b>", "<b><i>x</i></b>"],
    ["<b>totalement </u>incorrect</u>", "<b>totalement incorrect</b>"], ["<b>x</b><b>y</b>", "<b>xy</b>"],
    ["<b></b>z", "z"], ['<b class="foo">Boum</b>', '&lt;b class="foo"&gt;Boum'], ["<B>x<br>", "&lt;B&gt;x&lt;br&gt;"],
    ["<code>a<code>b</code>c</code>", "<code>a&lt;code&gt;b</code>c"],
    ["<b>x <code>http://a.b [:t] 12:00</code> y</b>", "<b>x <code>http://a.b [:t] 12:00</code> y</b>"],
    ["<i>s</i><s>t</s><u>u</u><tt>v</tt>", "<i>s</i><s>t</s><u>u</u><tt>v</tt>"],
  ])("%j", (raw, expected) => {
    expect(remoteRender(raw)).toBe(expected);
  });
});

describe("clocks and totoz stay plain text (spec §5.1)", () => {
  it.each([
    ["12:00:00@board", "12:00:00@board", "12:00:00@board"],
    ["1234 and 123456", "1234 and 123456", '1234 and <span class="pointer">123456</span>'],
    ["2008/28/03#21:42:42", "2008/28/03#21:42:42", '2008/28/03#<span class="pointer">21:42:42</span>'],
    ["12:34:56¹ 12:34:56^2 12:34:56:3", "12:34:56¹ 12:34:56^2 12:34:56:3",
      '<span class="pointer">12:34:56¹</span> <span class="pointer">12:34:56^2</span> <span class="pointer">12:34:56:3</span>'],
    ["[:totoz:1] [:téléphone]", "[:totoz:1] [:téléphone]",
      '<a class="smiley" href="http://totoz.eu/totoz:1.gif" rel="nofollow">[:totoz:1]</a> [:téléphone]'],
  ])("%j", (raw, remote, web) => {
    expect(remoteRender(raw)).toBe(remote);
    expect(webRender(raw)).toBe(web);
  });
});

describe("web render (spec §5.4)", () => {
  it("renders message 3 of fixture F as the reference web render", () => {
    expect(webRender("16:16:13 <b>Troize</b> & http://perdu.com [:totoz]")).toBe(
      '<span class="pointer">16:16:13</span> <b>Troize</b> &#38; <a href="http://perdu.com" class="external" rel="nofollow">[url]</a> ' +
        '<a class="smiley" href="http://totoz.eu/totoz.gif" rel="nofollow">[:totoz]</a>',
    );
  });

  it("escapes text with numeric references and keeps separators raw", () => {
    expect(webRender(`a & b < c > "d" 'e'`)).toBe(`a &#38; b &#60; c &#62; "d" 'e'`);
    expect(webRender('<code>"x"</code>')).toBe("<code>&#34;x&#34;</code>");
  });

  it("writes moments and uses the configured smileys URL", () => {
    expect(webRender("<m>x</m>")).toBe("====&#62; <b>Moment x</b> &#60;====");
    expect(webRender("[:x]", { smileysUrl: "https://img.example/{0}.png" }))
      .toBe('<a class="smiley" href="https://img.example/x.png" rel="nofollow">[:x]</a>');
  });
});

describe("URL labels (spec §5.3)", () => {
  it.each([
    ["http://x", "http", "url"], ["https://x", "https", "https"], ["ftp://x", "ftp", "ftp"],
    ["http://a.b/c.tar.gz", "http", "tgz"], ["http://a.b/c.deb", "http", "deb"], ["http://a.b/doc.pdf", "http", "pdf"],
    ["http://localhost:3000/", "http", "localhost"], ["https://www.youtube.com/watch", "https", "youtube"],
    ["http://linuxfr.org/news", "http", "Dlfp"], ["http://slashdot.org/", "http", "/."], ["http://www.google.fr/", "http", "google"],
    ["http://a.b/goomi/unspeakable", "http", "Fhtagn!"], ["http://en.wikipedia.org/wiki/A&B", "http", "A&B@wikipedia"],
  ])("%s is [%s→%s]", (url, scheme, label) => {
    expect(urlLabel(url, scheme)).toBe(label);
  });

  it("escapes labels, so a wikipedia title with & stays well-formed (spec §11.2 #1)", () => {
    expect(remoteRender("http://en.wikipedia.org/wiki/A&B<c")).toBe('<a href="http://en.wikipedia.org/wiki/A&amp;B&lt;c">[A&amp;B&lt;c@wikipedia]</a>');
  });

  it("links the literal git+ssh and svn+ssh schemes (spec §11.2 #12)", () => {
    expect(remoteRender("git+ssh://h/r svn+ssh://h/s")).toBe('<a href="git+ssh://h/r">[git+ssh]</a> <a href="svn+ssh://h/s">[svn+ssh]</a>');
  });
});

describe("XML-invalid characters", () => {
  it("are removed from both renders, tabs and newlines kept", () => {
    expect(remoteRender("a\u0000b\u0007c\u001bd\tq\nr\ufffe\ud800")).toBe("abcd\tq\nr");
    expect(webRender("a\u0008b")).toBe("ab");
  });
});
