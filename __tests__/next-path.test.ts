// Where the sign-in form sends a reader back to (`/login?next=`): this site's paths only.
import { nextPath } from "@/lib/auth/next-path";

it("keeps a path of this site, with its query and fragment", () => {
  expect(nextPath("/m/42")).toBe("/m/42");
  expect(nextPath("/?channel=software&message=7")).toBe("/?channel=software&message=7");
  expect(nextPath("/boards/tech/3#p12")).toBe("/boards/tech/3#p12");
});

it("sends anything that could leave the site, or is no path, to /", () => {
  for (const raw of [
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "",
    "/" + "a".repeat(2000),
    ["/m/1", "/m/2"],
    undefined,
    42,
  ]) {
    expect(nextPath(raw)).toBe("/");
  }
});
