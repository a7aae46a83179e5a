/** The hours of a times /allow list: items, the mask on the tree node, and runs (grammar/src/hours.ts). */
import { describe, expect, it } from "vitest";
import { describeHours, hourRuns, hoursOf, parse, type TimesLine } from "@upscript/grammar";

const allowOf = (list: string) => (parse(`mod cmd UP1 times /allow ${list}\n`).tree.lines[0] as TimesLine).allow!.value!;

describe("hours on the tree node", () => {
  it.each<[string, number[]]>([
    ["23,0,1", [0, 1, 23]],
    ["24,x,22-4,,7,", [7]],
    ["5,5", [5]],
    [",,", []],
  ])("/allow %s has the mask of %j", (list, hours) => {
    expect(hoursOf(allowOf(list).mask)).toEqual(hours);
  });

  it.each<[number[], string, { from: number; to: number }[]]>([
    [[], "none", []],
    [[23, 0, 1], "23–1", [{ from: 23, to: 1 }]],
    [[3, 5, 6], "3, 5–6", [{ from: 3, to: 3 }, { from: 5, to: 6 }]],
    [Array.from({ length: 24 }, (_, h) => h), "all day", [{ from: 0, to: 23 }]],
  ])("%j: %s", (hours, text, runs) => {
    const mask = hours.reduce((m, h) => m | (1 << h), 0);
    expect(describeHours(mask)).toBe(text);
    expect(hourRuns(mask)).toEqual(runs);
  });
});
