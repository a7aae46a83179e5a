/**
 * The product catalog, product by product: every model the vendor's update server knows (and the
 * IP21 and IPBL), its `#t` type, the files a device appends to a prot or boot URL ending in `/`,
 * and whether it takes firmware and boot code through the update server at all. Every row is
 * written out by hand from the vendor rule (type in lower case, cut at the first `-`; `ip<rest>` →
 * `ip<rest>.bin` / `boot<rest>.bin`, else `<type>.bin` / `boot<type>.bin`; MYPBXA `mypbx.apk`);
 * nothing here is computed by the code under test. Unknown names are guessed by the same rule.
 */
import { describe, expect, it } from "vitest";
import { PRODUCTS, findProduct, guessProduct, parse, productOrGuess, vendorFileNames, type ProductFamily } from "@upscript/grammar";
import { compile, createDevice, defaultFileName, runPoll } from "@upscript/language";
import { expandMeta } from "../../server/src/language/dryrun/expand.js";
import { UNKNOWN_PRODUCT, resolveProduct, unknownProductWarning } from "../../server/src/language/products.js";

type Row = readonly [name: string, family: ProductFamily, type: string, firmware: string | null, boot: string | null, hasFirmware: boolean, hasBoot: boolean];

const ROWS: readonly Row[] = [
  // phones
  ["IP101", "phone", "ip101", "ip101.bin", "boot101.bin", true, true],
  ["IP102", "phone", "ip102", "ip102.bin", "boot102.bin", true, true],
  ["IP110", "phone", "ip110", "ip110.bin", "boot110.bin", true, true],
  ["IP110A", "phone", "ip110a", "ip110a.bin", "boot110a.bin", true, true],
  ["IP111", "phone", "ip111", "ip111.bin", "boot111.bin", true, true],
  ["IP112", "phone", "ip112", "ip112.bin", "boot112.bin", true, true],
  ["IP150", "phone", "ip150", "ip150.bin", "boot150.bin", true, true],
  ["IP150A", "phone", "ip150a", "ip150a.bin", "boot150a.bin", true, true],
  ["IP152", "phone", "ip152", "ip152.bin", "boot152.bin", true, true],
  ["IP153", "phone", "ip153", "ip153.bin", "boot153.bin", true, true],
  ["IP154", "phone", "ip154", "ip154.bin", "boot154.bin", true, true],
  ["IP200A", "phone", "ip200a", "ip200a.bin", "boot200a.bin", true, true],
  ["IP200B", "phone", "ip200b", "ip200b.bin", "boot200b.bin", true, true],
  ["IP222", "phone", "ip222", "ip222.bin", "boot222.bin", true, true],
  ["IP222A", "phone", "ip222a", "ip222a.bin", "boot222a.bin", true, true],
  ["IP230", "phone", "ip230", "ip230.bin", "boot230.bin", true, true],
  ["IP230A", "phone", "ip230a", "ip230a.bin", "boot230a.bin", true, true],
  ["IP232", "phone", "ip232", "ip232.bin", "boot232.bin", true, true],
  ["IP240", "phone", "ip240", "ip240.bin", "boot240.bin", true, true],
  ["IP240A", "phone", "ip240a", "ip240a.bin", "boot240a.bin", true, true],
  ["IP241", "phone", "ip241", "ip241.bin", "boot241.bin", true, true],
  ["IP242", "phone", "ip242", "ip242.bin", "boot242.bin", true, true],
  ["IP72", "wifi-phone", "ip72", "ip72.bin", "boot72.bin", true, true],
  // soft and mobile clients
  ["SWPHONE", "client", "swphone", null, null, false, false],
  ["MYPBXA", "client", "mypbxa", "mypbx.apk", null, true, false],
  ["MYPBXI", "client", "mypbxi", null, null, false, false],
  // gateways and PBXs
  ["IPVA", "virtual", "ipva", "ipva.bin", null, true, false],
  ["IPVADECT", "virtual", "ipvadect", "ipvadect.bin", null, true, false],
  ["IP0010", "gateway", "ip0010", "ip0010.bin", "boot0010.bin", true, true],
  ["IP0011", "gateway", "ip0011", "ip0011.bin", "boot0011.bin", true, true],
  ["IP0013", "gateway", "ip0013", "ip0013.bin", "boot0013.bin", true, true],
  ["IP1060", "gateway", "ip1060", "ip1060.bin", "boot1060.bin", true, true],
  ["IP1130", "gateway", "ip1130", "ip1130.bin", "boot1130.bin", true, true],
  ["IP1200", "dect", "ip1200", "ip1200.bin", "boot1200.bin", true, true],
  ["IP1201", "dect", "ip1201", "ip1201.bin", "boot1201.bin", true, true],
  ["IP1202", "dect", "ip1202", "ip1202.bin", "boot1202.bin", true, true],
  ["IP2000", "gateway", "ip2000", "ip2000.bin", "boot2000.bin", true, true],
  ["IP22", "gateway", "ip22", "ip22.bin", "boot22.bin", true, true],
  ["IP24", "gateway", "ip24", "ip24.bin", "boot24.bin", true, true],
  ["IP28", "gateway", "ip28", "ip28.bin", "boot28.bin", true, true],
  ["IP29", "gateway", "ip29", "ip29.bin", "boot29.bin", true, true],
  ["IP29-2", "gateway", "ip29-2", "ip29.bin", "boot29.bin", true, true],
  ["IP29-4", "gateway", "ip29-4", "ip29.bin", "boot29.bin", true, true],
  ["IP3000", "gateway", "ip3000", "ip3000.bin", "boot3000.bin", true, true],
  ["IP3010", "gateway", "ip3010", "ip3010.bin", "boot3010.bin", true, true],
  ["IP3011", "gateway", "ip3011", "ip3011.bin", "boot3011.bin", true, true],
  ["IP302", "gateway", "ip302", "ip302.bin", "boot302.bin", true, true],
  ["IP305", "gateway", "ip305", "ip305.bin", "boot305.bin", true, true],
  ["IP311", "gateway", "ip311", "ip311.bin", "boot311.bin", true, true],
  ["IP38", "gateway", "ip38", "ip38.bin", "boot38.bin", true, true],
  ["IP400", "gateway", "ip400", "ip400.bin", "boot400.bin", true, true],
  ["IP4001", "gateway", "ip4001", "ip4001.bin", "boot4001.bin", true, true],
  ["IP411", "gateway", "ip411", "ip411.bin", "boot411.bin", true, true],
  ["IP6000", "gateway", "ip6000", "ip6000.bin", "boot6000.bin", true, true],
  ["IP6010", "gateway", "ip6010", "ip6010.bin", "boot6010.bin", true, true],
  ["IP6012", "gateway", "ip6012", "ip6012.bin", "boot6012.bin", true, true],
  ["IP6013", "gateway", "ip6013", "ip6013.bin", "boot6013.bin", true, true],
  ["IP800", "gateway", "ip800", "ip800.bin", "boot800.bin", true, true],
  ["IP810", "gateway", "ip810", "ip810.bin", "boot810.bin", true, true],
  ["IP811", "gateway", "ip811", "ip811.bin", "boot811.bin", true, true],
  // kept from before: the IP21 (no reboot/ireboot)
  ["IP21", "gateway", "ip21", "ip21.bin", "boot21.bin", true, true],
  // DECT base stations; the IPBL is an entry of its own
  ["IPBS", "dect", "ipbs", null, null, false, false],
  ["IPBS2", "dect", "ipbs2", null, null, false, false],
  ["PBL", "dect", "pbl", null, null, false, false],
  ["IPBL", "dect", "ipbl", null, null, false, false],
];

const MAC = "00-90-33-03-0d-f0";

describe("the product catalog", () => {
  it("holds exactly the products of the table, each once", () => {
    expect(PRODUCTS.map((p) => p.name).sort()).toEqual(ROWS.map((r) => r[0]).sort());
    expect(new Set(PRODUCTS.map((p) => p.name.toLowerCase())).size).toBe(PRODUCTS.length);
  });

  describe.each(ROWS)("%s", (name, family, type, firmware, boot, hasFirmware, hasBoot) => {
    const product = findProduct(name)!;

    it(`family ${family}, #t ${type}, files ${firmware} / ${boot}`, () => {
      expect(product).toBeDefined();
      expect({
        name: product.name,
        family: product.family,
        type: product.type,
        updateFile: product.updateFile,
        firmwareFile: product.firmwareFile,
        bootFile: product.bootFile,
        hasFirmware: product.hasFirmware,
        hasBoot: product.hasBoot,
        hasDectRadio: product.hasDectRadio,
        supportsReboot: product.supportsReboot,
        guessed: product.guessed,
      }).toEqual({
        name,
        family,
        type,
        updateFile: `update-${type}.htm`,
        firmwareFile: firmware,
        bootFile: boot,
        hasFirmware,
        hasBoot,
        hasDectRadio: family === "dect",
        supportsReboot: name !== "IP21",
        guessed: undefined,
      });
    });

    it("is found in any case, and is not a guess", () => {
      expect(findProduct(name.toLowerCase())).toBe(product);
      expect(productOrGuess(name.toLowerCase())).toEqual({ product, guessed: false });
      expect(unknownProductWarning(product)).toBeUndefined();
    });

    it("#t is the type and #h the name with the last three bytes of the MAC", () => {
      const device = createDevice({ product, mac: MAC });
      expect(expandMeta("t=#t&h=#h", device, 0)).toBe(`t=${type}&h=${name}-03-0d-f0`);
    });

    it("default file names, and the config's fileNames override still wins", () => {
      expect(defaultFileName("update", product)).toBe(`update-${type}.htm`);
      expect(defaultFileName("firmware", product)).toBe(firmware ?? undefined);
      expect(defaultFileName("boot", product)).toBe(boot ?? undefined);
      const overrides = { [name]: { firmware: "own.bin", boot: "own-boot.bin", update: "own.htm" } };
      expect([defaultFileName("firmware", product, overrides), defaultFileName("boot", product, overrides), defaultFileName("update", product, overrides)]).toEqual(["own.bin", "own-boot.bin", "own.htm"]);
    });
  });
});

describe("the vendor rule", () => {
  it.each([
    ["IP1200", "ip1200.bin", "boot1200.bin"],
    ["ip29-2", "ip29.bin", "boot29.bin"],
    ["IP232-x-y", "ip232.bin", "boot232.bin"],
    ["SWPHONE", "swphone.bin", "bootswphone.bin"],
    ["Pbl", "pbl.bin", "bootpbl.bin"],
    ["ip", "ip.bin", "boot.bin"],
  ])("%s → %s, %s", (type, firmware, boot) => {
    expect(vendorFileNames(type)).toEqual({ firmware, boot });
  });
});

describe("a product upscript does not know", () => {
  it("is guessed from its name by the vendor rule", () => {
    expect(guessProduct("ip9999")).toEqual({
      name: "IP9999",
      family: "unknown",
      type: "ip9999",
      updateFile: "update-ip9999.htm",
      hasFirmware: true,
      hasBoot: true,
      firmwareFile: "ip9999.bin",
      bootFile: "boot9999.bin",
      hasDectRadio: false,
      supportsReboot: true,
      guessed: true,
    });
    const other = guessProduct("NEWPHONE-2")!;
    expect([other.name, other.type, other.firmwareFile, other.bootFile]).toEqual(["NEWPHONE-2", "newphone-2", "newphone.bin", "bootnewphone.bin"]);
    expect(productOrGuess("IP9999")).toEqual({ product: guessProduct("IP9999"), guessed: true });
    expect(findProduct("IP9999")).toBeUndefined();
  });

  it.each(["", "IP 232", "../ip232", "ip232.bin", "-ip", "x".repeat(33), "IP232\n"])("%j cannot be a product name", (name) => {
    expect(guessProduct(name)).toBeUndefined();
    expect(productOrGuess(name)).toBeUndefined();
    const resolved = resolveProduct(name);
    expect(resolved.ok).toBe(false);
  });

  it("warns, with the guessed names and a did-you-mean when a known product is close", () => {
    expect(resolveProduct("IP9999")).toEqual({ ok: true, product: guessProduct("IP9999"), warning: "unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)" });
    expect(resolveProduct("ip2322")).toMatchObject({ ok: true, warning: "unknown product IP2322: default file names guessed (ip2322.bin, boot2322.bin); did you mean IP222 or IP232?" });
    expect(resolveProduct("swphone")).toEqual({ ok: true, product: findProduct("SWPHONE"), warning: undefined });
  });

  it("the plan of a guessed device says so first, and downloads the guessed names", () => {
    const program = compile(parse("mod cmd UP0 prot http://10.0.0.5/fw/ ser 13-1\nmod cmd UP0 boot http://10.0.0.5/fw/ ser 205\n").tree);
    const plan = runPoll(program, createDevice({ product: guessProduct("IP9999")!, mac: MAC }), { updateUrl: "http://10.0.0.5/" });
    expect(plan.diagnostics[0]).toEqual({ rule: UNKNOWN_PRODUCT, line: 0, message: "unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)" });
    expect(plan.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/fw/ip9999.bin", "http://10.0.0.5/fw/boot9999.bin"]);
    expect(plan.device.product).toBe("IP9999");
    const known = runPoll(program, createDevice({ product: findProduct("IP232")!, mac: MAC }), { updateUrl: "http://10.0.0.5/" });
    expect(known.diagnostics.filter((d) => d.rule === UNKNOWN_PRODUCT)).toEqual([]);
  });
});
