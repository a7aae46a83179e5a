/**
 * CSV device lists as spreadsheets write them (parseFleet): comma, semicolon (Excel's default
 * where the comma is the decimal mark) or tab between the columns, a byte order mark, CRLF line
 * ends, quoted values, and problems on the line they belong to.
 */
import { describe, expect, it } from "vitest";
import { parseFleet, type FleetDevice } from "@upscript/language";

const EXPECTED: FleetDevice[] = [
  { product: "IP232", mac: "00-90-33-00-00-01", firmware: "13-138765", variables: { CHECK: "2026-11-20a" } },
  { product: "IP1200", mac: "00-90-33-00-00-02", variables: { CHECK: "" }, uptimeMinutes: 90 },
];

/** The same list with `sep` between the columns and `eol` after each line. */
const list = (sep: string, eol = "\n") =>
  [["product", "mac", "firmware", "CHECK", "uptime"], ["IP232", "00-90-33-00-00-01", "13-138765", "2026-11-20a", ""], ["IP1200", "00:90:33:00:00:02", "", "", "90"]]
    .map((row) => row.join(sep))
    .join(eol) + eol;

describe("the delimiter is the one the header uses", () => {
  it.each([
    ["comma", ","],
    ["semicolon", ";"],
    ["tab", "\t"],
  ])("%s", (_, sep) => {
    expect(parseFleet(list(sep), "csv")).toEqual({ devices: EXPECTED, problems: [] });
  });

  it("a semicolon list whose values hold commas (a decimal comma) is read by semicolons", () => {
    const csv = "product;mac;CHECK\nIP232;00-90-33-00-00-01;1,5\n";
    expect(parseFleet(csv, "csv")).toEqual({ devices: [{ product: "IP232", mac: "00-90-33-00-00-01", variables: { CHECK: "1,5" } }], problems: [] });
  });

  it("delimiters inside double quotes in the header do not count", () => {
    // Two semicolons inside the quoted name, one comma outside: a comma list.
    const csv = 'product,"mac;;"\nIP232,00-90-33-00-00-01\n';
    expect(parseFleet(csv, "csv").problems).toEqual([{ line: 1, message: "the header names no 'mac' column (found: 'product', 'mac;;'; known: product, mac, ip, firmware, boot, bmc, clockOffset, uptime, fresh, CHECK, PROT, BOOT, BMC, CFG, SCFG)" }]);
  });
});

describe("what spreadsheets add", () => {
  it.each([
    ["a byte order mark", `\uFEFF${list(";")}`],
    ["CRLF line ends", list(";", "\r\n")],
    ["a byte order mark and CRLF, commas", `\uFEFF${list(",", "\r\n")}`],
    ["a tab list with CRLF", list("\t", "\r\n")],
    ["old Mac line ends (CR)", list(",", "\r")],
    ["no line end after the last row", list(";").trimEnd()],
    ["rows of bare delimiters below the data", `${list(";")};;;;\n;;;;\n`],
    ["blank lines between rows", list(",", "\n\n")],
    ["blanks around values", list(" ; ")],
  ])("%s", (_, csv) => {
    expect(parseFleet(csv, "csv")).toEqual({ devices: EXPECTED, problems: [] });
  });

  it("quoted fields with the delimiter, quotes and line breaks inside", () => {
    const csv = [
      "product;mac;CHECK;PROT",
      '"IP232";"00-90-33-00-00-01";"a;b";"say ""hi"""',
      'IP232;00-90-33-00-00-02;"two\r\nlines";x,y',
      "",
    ].join("\r\n");
    expect(parseFleet(csv, "csv")).toEqual({
      devices: [
        { product: "IP232", mac: "00-90-33-00-00-01", variables: { CHECK: "a;b", PROT: 'say "hi"' } },
        { product: "IP232", mac: "00-90-33-00-00-02", variables: { CHECK: "two\nlines", PROT: "x,y" } },
      ],
      problems: [],
    });
  });
});

describe("problems name the line they are on", () => {
  const known = "known: product, mac, ip, firmware, boot, bmc, clockOffset, uptime, fresh, CHECK, PROT, BOOT, BMC, CFG, SCFG";
  it.each<[string, string, { line: number; message: string }[]]>([
    ["a header without product and mac: line 1", "name;address\nIP232;00-90-33-00-00-01\n", [{ line: 1, message: `the header names no 'product' and no 'mac' column (found: 'name', 'address'; ${known})` }]],
    [
      "a header in another delimiter: line 1, with a hint",
      "product|mac\nIP232|00-90-33-00-00-01\n",
      [{ line: 1, message: `the header names no 'product' and no 'mac' column (found: 'product|mac'; ${known}); columns are separated by commas, semicolons or tabs` }],
    ],
    ["a header without mac, CRLF: line 1", "product,MAC address\r\nIP232,00-90-33-00-00-01\r\n", [{ line: 1, message: `the header names no 'mac' column (found: 'product', 'MAC address'; ${known})` }]],
    ["the header after blank lines: its own line", "\n\nname,mac\nIP232,00-90-33-00-00-01\n", [{ line: 3, message: `the header names no 'product' column (found: 'name', 'mac'; ${known})` }]],
    [
      "an unknown column: once, on the header's line",
      "product;mac;colour\nIP232;00-90-33-00-00-01;red\nIP232;00-90-33-00-00-02;blue\n",
      [{ line: 1, message: "unknown column 'colour'" }],
    ],
    ["a misspelt column: once, with a did-you-mean", "product,mac,firmwear\nIP232,00-90-33-00-00-01,1\n", [{ line: 1, message: "unknown column 'firmwear' (did you mean 'firmware'?)" }]],
    [
      "a repeated column: once, on the header's line",
      "product,mac,MAC\nIP232,00-90-33-00-00-01,00-90-33-00-00-09\n",
      [{ line: 1, message: "column 3 ('MAC') repeats column 2 ('mac'); only the first is read" }],
    ],
    ["an unnamed column with values", "product,mac,\nIP232,00-90-33-00-00-01,x\n", [{ line: 1, message: "column 3 has no name; its values are not read" }]],
    ["an unnamed empty column: nothing to say", "product,mac,\nIP232,00-90-33-00-00-01,\n", []],
    [
      "bad rows, semicolons, CRLF",
      "product;mac\r\nIP 9999;00-90-33-00-00-01\r\nIP232;not-a-mac\r\n\r\nIP232;00-90-33-00-00-02\r\nIP232;00-90-33-00-00-02\r\n;00-90-33-00-00-03\r\n",
      [
        { line: 2, message: "unknown product 'IP 9999': a product name is letters, digits, '-' and '_'" },
        { line: 3, message: "'not-a-mac' is not a MAC address" },
        { line: 6, message: "MAC 00-90-33-00-00-02 is listed twice (first on line 5)" },
        { line: 7, message: "no product" },
      ],
    ],
    [
      "a row after a quoted value over three lines",
      'product,mac,CHECK\nIP232,00-90-33-00-00-01,"a\r\nb\r\nc"\nIP232,zz,\nIP232,00-90-33-00-00-01,\n',
      [
        { line: 5, message: "'zz' is not a MAC address" },
        { line: 6, message: "MAC 00-90-33-00-00-01 is listed twice (first on line 2)" },
      ],
    ],
    ["a row spanning lines: the line it starts on", 'product,mac,CHECK\nIP/999,00-90-33-00-00-01,"a\nb"\n', [{ line: 2, message: "unknown product 'IP/999': a product name is letters, digits, '-' and '_'" }]],
    [
      "more fields than the header has columns",
      "product,mac\nIP232,00-90-33-00-00-01,13,5\nIP232,00-90-33-00-00-02,\n",
      [{ line: 2, message: "2 fields more than the header has columns, not read (a value with ',' in it needs double quotes)" }],
    ],
    ["a quote never closed: the line csv-parse stopped at", 'product,mac\r\nIP232,00-90-33-00-00-01\r\nIP232,"00-90\r\n', [{ line: 3, message: "cannot read the device list: Quote Not Closed: the parsing is finished with an opening quote at line 3" }]],
  ])("%s", (_, csv, problems) => {
    expect(parseFleet(csv, "csv").problems).toEqual(problems);
  });

  it("the good rows are kept beside the bad ones", () => {
    const { devices } = parseFleet("product;mac;colour\nIP/9999;00-90-33-00-00-01;red\nIP232;00-90-33-00-00-02;blue\n", "csv");
    expect(devices.map((d) => d.mac)).toEqual(["00-90-33-00-00-02"]);
  });

  it("an empty file, or one with only a header, lists no device and no problem", () => {
    expect(parseFleet("", "csv")).toEqual({ devices: [], problems: [] });
    expect(parseFleet("\uFEFF\r\n", "csv")).toEqual({ devices: [], problems: [] });
    expect(parseFleet("product;mac\r\n", "csv")).toEqual({ devices: [], problems: [] });
  });
});
