/** What the device makes of the update server's answer: redirects, errors, non-text bodies. */
import { describe, expect, it } from "vitest";
import { MAX_REDIRECTS, classifyAnswer } from "@upscript/language";

const URL_ = "http://10.0.0.5/update.php?sn=00-90-33-3e-00-01";
const text = (s: string) => new TextEncoder().encode(s);

describe("classifyAnswer", () => {
  it.each([
    [200, undefined, text("mod cmd UP1 poll\n"), 0, { kind: "script", text: "mod cmd UP1 poll\n" }],
    [200, undefined, text(""), 0, { kind: "script", text: "" }],
    [302, "http://10.0.0.6/update.php", text(""), 0, { kind: "redirect", location: "http://10.0.0.6/update.php" }],
    [301, "/new/update.php", text(""), 1, { kind: "redirect", location: "http://10.0.0.5/new/update.php" }],
    [303, "other.php?x=1", text(""), 2, { kind: "redirect", location: "http://10.0.0.5/other.php?x=1" }],
    [307, "https://10.0.0.5/u", text(""), 3, { kind: "redirect", location: "https://10.0.0.5/u" }],
    [308, "https://10.0.0.5/u", text(""), 4, { kind: "redirect", location: "https://10.0.0.5/u" }],
    [302, "http://10.0.0.6/", text(""), MAX_REDIRECTS, { kind: "failed", status: "failed(302)", reason: "more than 5 redirects: the device gives up" }],
    [302, undefined, text(""), 0, { kind: "failed", status: "failed(302)", reason: "a 302 redirect without a Location header" }],
    [302, "http://[bad", text(""), 0, { kind: "failed", status: "failed(302)", reason: "a 302 redirect to 'http://[bad', which is no URL" }],
    [404, undefined, text("not found"), 0, { kind: "failed", status: "failed(404)", reason: "the server answered 404: the device runs nothing" }],
    [500, undefined, text(""), 0, { kind: "failed", status: "failed(500)", reason: "the server answered 500: the device runs nothing" }],
    [304, undefined, text(""), 0, { kind: "failed", status: "failed(304)", reason: "the server answered 304, which the device does not take for a script" }],
    [200, undefined, new Uint8Array([0x6d, 0x00, 0x6f]), 0, { kind: "failed", status: "failed(200)", reason: "the answer is not text (it holds NUL bytes): the device runs nothing" }],
    [200, undefined, new Uint8Array([0xff, 0xfe, 0x41]), 0, { kind: "failed", status: "failed(200)", reason: "the answer is not UTF-8 text: the device runs nothing" }],
  ] as const)("status %i, Location %s", (status, location, body, redirects, expected) => {
    expect(classifyAnswer(URL_, status, location, body, redirects)).toEqual(expected);
  });
});
