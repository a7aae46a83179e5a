/**
 * The dialect catalog: every command, final command, meta sequence, module and product that
 * upscript knows, as plain data. The AST builder, the rules, hover, completion and the generated
 * docs all read this module; nothing else in the code base spells out the dialect.
 *
 * Doc texts are written for admins, in our own words (see docs/model.md for the decisions
 * behind them).
 */

export const FINAL_WORDS = ["ireset", "reset", "iresetn", "resetn", "reboot", "ireboot", "ser", "no-op"] as const;
export type FinalWord = (typeof FINAL_WORDS)[number];

/** When the reset a final command asks for happens. */
export type ResetTiming = "now" | "when-idle";

export interface FinalSpec {
  readonly word: FinalWord;
  /** `null`: the final command never resets. */
  readonly timing: ResetTiming | null;
  /** The `…n` variants reset only when an earlier step marked a reset as required. */
  readonly onlyIfRequired: boolean;
  /** reboot/ireboot force a watchdog restart instead of a soft restart. */
  readonly watchdog: boolean;
  /** Firmware that introduced the word, when it is not available everywhere. */
  readonly since?: string;
  /** Products on which the word does not work. */
  readonly unsupportedOn?: readonly string[];
  readonly doc: string;
}

export const FINALS: Readonly<Record<FinalWord, FinalSpec>> = {
  ireset: {
    word: "ireset", timing: "when-idle", onlyIfRequired: false, watchdog: false,
    doc: "Restart the device once nobody is using it (no active call). The restart always happens.",
  },
  reset: {
    word: "reset", timing: "now", onlyIfRequired: false, watchdog: false,
    doc: "Restart the device straight away, even during a call. Nothing after this line runs in the same poll.",
  },
  iresetn: {
    word: "iresetn", timing: "when-idle", onlyIfRequired: true, watchdog: false,
    doc: "Restart the device once it is idle, but only if an earlier step (new firmware, loaded configuration) needs a restart.",
  },
  resetn: {
    word: "resetn", timing: "now", onlyIfRequired: true, watchdog: false,
    doc: "Restart the device straight away, but only if an earlier step needs a restart.",
  },
  reboot: {
    word: "reboot", timing: "now", onlyIfRequired: false, watchdog: true, since: "6.00 sr2 hotfix3", unsupportedOn: ["IP21"],
    doc: "Like reset, but ends with a hard (watchdog) restart. Use it after a boot code update so the new boot code is started. Not available on the IP21.",
  },
  ireboot: {
    word: "ireboot", timing: "when-idle", onlyIfRequired: false, watchdog: true, since: "6.00 sr2 hotfix3", unsupportedOn: ["IP21"],
    doc: "Like ireset, but ends with a hard (watchdog) restart once the device is idle. Not available on the IP21.",
  },
  ser: {
    word: "ser", timing: null, onlyIfRequired: false, watchdog: false,
    doc: "Do nothing afterwards. The step's own work (download, upload, stored serial) still happens.",
  },
  "no-op": {
    word: "no-op", timing: null, onlyIfRequired: false, watchdog: false,
    doc: "Do nothing afterwards; the usual choice after a configuration backup (scfg).",
  },
};

/** Argument kinds a command slot or switch value can have. */
/**
 * `hours` is an `/allow` list (23,0,1); `minutes` and `count` are non-negative integers (`count`
 * is a number of hours, as after `/force`); `text` is any word.
 */
export type ArgKind = "url" | "final" | "serial" | "build" | "hours" | "minutes" | "count" | "text";

export interface SlotSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly optional?: boolean;
  readonly doc: string;
}

export interface SwitchSpec {
  readonly name: string;
  readonly value: ArgKind;
  /** A slot that must be present for the switch to mean anything. */
  readonly requires?: string;
  readonly since?: string;
  readonly doc: string;
}

/** UPDATE/* variables that the device keeps between polls. */
export const VARIABLES = ["CHECK", "PROT", "BOOT", "BMC", "CFG", "SCFG"] as const;
export type VariableName = (typeof VARIABLES)[number];

export type CommandId =
  | "check" | "times" | "poll" | "reinit" | "provision"
  | "prot" | "boot" | "bmc" | "cfg" | "scfg"
  | "activate-pwr" | "deactivate-pwr";

/** Which default file name a URL ending in `/` receives. */
export type DefaultFileKind = "update" | "firmware" | "boot";

export interface TransferSpec {
  readonly method: "GET" | "PUT";
  /** `null`: the device appends a name that is unusable (bmc) or none at all. */
  readonly defaultFile: DefaultFileKind | null;
  /** Whether `#…` meta sequences are replaced in this command's URL. */
  readonly expandsMeta: boolean;
  readonly purpose: string;
}

export interface VersionNote {
  readonly since: string;
  readonly what: string;
}

export interface CommandSpec {
  readonly id: CommandId;
  readonly module: "UP0" | "UP1" | "WLANMGR0";
  readonly verb: string;
  readonly slots: readonly SlotSpec[];
  readonly switches: readonly SwitchSpec[];
  /** The UPDATE/* variable the command compares and stores. */
  readonly variable?: VariableName;
  readonly transfer?: TransferSpec;
  readonly versionNotes?: readonly VersionNote[];
  /** One line, shown in completion and signature help. */
  readonly signature: string;
  readonly doc: string;
}

const FINAL_SLOT_DOC = "What the device does after the step succeeded: one of ireset, reset, iresetn, resetn, reboot, ireboot, ser, no-op.";

export const COMMANDS: readonly CommandSpec[] = [
  {
    id: "check", module: "UP1", verb: "check", variable: "CHECK",
    slots: [
      { name: "final", kind: "final", doc: `${FINAL_SLOT_DOC} It runs after the last line of a complete run.` },
      { name: "serial", kind: "serial", doc: "Any text. When UPDATE/CHECK already holds it the run stops here; otherwise it is stored after a complete run." },
    ],
    switches: [],
    signature: "mod cmd UP1 check FINAL SERIAL",
    doc: "Run the rest of the script once per serial. If the device already stored this serial, the run stops at this line. Otherwise the script goes on, and only when the whole run finishes without a stop or a reset does the device store the serial and run FINAL. Change the serial whenever you change the script, or devices that already ran it will skip the change.",
  },
  {
    id: "times", module: "UP1", verb: "times",
    slots: [],
    switches: [
      { name: "/allow", value: "hours", doc: "Hours of the local day (0–23, comma separated, no blanks) in which the rest of the script may run. Hours past midnight are listed one by one: 23,0,1,2." },
      { name: "/initial", value: "minutes", doc: "Minutes after each boot during which nothing below this line runs. With /initial, a factory-fresh device ignores /allow so it gets its first configuration quickly." },
    ],
    signature: "mod cmd UP1 times [/allow HOURS] [/initial MINUTES]",
    doc: "Limit when the lines below run. Outside the allowed hours, too soon after a boot, or when the device has no clock yet, the run stops here. Lines above this one run at any hour.",
  },
  {
    id: "poll", module: "UP1", verb: "poll",
    slots: [], switches: [],
    signature: "mod cmd UP1 poll",
    doc: "Ask the device to fetch and run the update script again right away instead of waiting for the next interval.",
  },
  {
    id: "reinit", module: "UP1", verb: "reinit",
    slots: [], switches: [],
    signature: "mod cmd UP1 reinit",
    doc: "Forget every stored update serial (UPDATE/CHECK, PROT, BOOT, BMC, CFG, SCFG). Every check, download and load runs again on the next poll.",
  },
  {
    id: "provision", module: "UP1", verb: "provision",
    slots: [{ name: "minutes", kind: "minutes", doc: "Fast polling interval in minutes while provisioning; 0 turns fast polling off." }],
    switches: [],
    signature: "mod cmd UP1 provision MINUTES",
    doc: "Switch the temporary fast polling used while a device is being provisioned on (interval in minutes) or off (0). Seen in innovaphone's own update server; not in the reference manual.",
  },
  {
    id: "prot", module: "UP0", verb: "prot", variable: "PROT",
    transfer: { method: "GET", defaultFile: "firmware", expandsMeta: false, purpose: "firmware" },
    slots: [
      { name: "url", kind: "url", doc: "Where to download the firmware. A URL ending in / gets the product's firmware file name appended (ip1200.bin for an IP1200)." },
      { name: "final", kind: "final", doc: FINAL_SLOT_DOC },
      { name: "build", kind: "build", doc: "The build the file contains, e.g. 13-138765. Compared with UPDATE/PROT (or the running firmware when that is empty); equal means no download." },
    ],
    switches: [],
    signature: "mod cmd UP0 prot URL FINAL BUILD",
    doc: "Update the firmware. When BUILD differs from the stored (or running) build, the device downloads the file, stores BUILD in UPDATE/PROT, and runs FINAL. The new firmware starts with the next restart. The device does not look inside the file: if it holds another build, the device downloads it again after every restart.",
  },
  {
    id: "boot", module: "UP0", verb: "boot", variable: "BOOT",
    transfer: { method: "GET", defaultFile: "boot", expandsMeta: false, purpose: "boot code" },
    slots: [
      { name: "url", kind: "url", doc: "Where to download the boot code. A URL ending in / gets the product's boot code file name appended (boot1200.bin for an IP1200)." },
      { name: "final", kind: "final", doc: `${FINAL_SLOT_DOC} reboot or ireboot start the new boot code.` },
      { name: "build", kind: "build", doc: "The boot code build the file contains, e.g. 205. Compared with UPDATE/BOOT (or the running boot code when that is empty)." },
    ],
    switches: [],
    versionNotes: [{ since: "7.00", what: "Version 7 boot code can only be loaded by a device that already runs version 7 firmware." }],
    signature: "mod cmd UP0 boot URL FINAL BUILD",
    doc: "Update the boot code, the same way prot updates the firmware: download when BUILD differs, store it in UPDATE/BOOT, run FINAL. Use reboot or ireboot as FINAL so that the new boot code really starts.",
  },
  {
    id: "bmc", module: "UP0", verb: "bmc", variable: "BMC",
    transfer: { method: "GET", defaultFile: null, expandsMeta: false, purpose: "DECT radio code" },
    slots: [
      { name: "url", kind: "url", doc: "Full URL of the DECT radio (BMC) code file. Name the file: the name appended to a URL ending in / lacks the .bin suffix." },
      { name: "final", kind: "final", doc: FINAL_SLOT_DOC },
      { name: "build", kind: "build", doc: "The radio code version the file contains, e.g. PCS04fd. Compared with UPDATE/BMC." },
    ],
    switches: [],
    signature: "mod cmd UP0 bmc URL FINAL BUILD",
    doc: "Update the DECT radio code (burst mode controller) of a DECT base station, the same way prot updates the firmware. Only DECT devices have it.",
  },
  {
    id: "cfg", module: "UP0", verb: "cfg", variable: "CFG",
    transfer: { method: "GET", defaultFile: null, expandsMeta: false, purpose: "configuration" },
    slots: [
      { name: "url", kind: "url", doc: "URL of a text file with configuration lines (config change …). It must not contain mod cmd UP0 cfg itself." },
      { name: "final", kind: "final", doc: `${FINAL_SLOT_DOC} The loaded configuration is written but not activated: use reset, or ser followed by config activate and iresetn.` },
      { name: "serial", kind: "serial", doc: "Any text, compared with UPDATE/CFG; equal means the file is not loaded again. Without it the file is loaded on every poll." },
    ],
    switches: [],
    signature: "mod cmd UP0 cfg URL FINAL SERIAL",
    doc: "Load configuration lines from a file. When SERIAL differs from UPDATE/CFG the device reads the file, runs its lines, writes the configuration (config write), stores SERIAL and runs FINAL. It never activates the configuration by itself.",
  },
  {
    id: "scfg", module: "UP0", verb: "scfg", variable: "SCFG",
    transfer: { method: "PUT", defaultFile: null, expandsMeta: true, purpose: "configuration backup" },
    slots: [
      { name: "url", kind: "url", doc: "Where to upload the configuration (HTTP PUT; the web server must allow writing). Meta sequences such as #h, #m, #d and #bn are replaced here." },
      { name: "final", kind: "final", optional: true, doc: `${FINAL_SLOT_DOC} Usually no-op. Needs firmware 7.00 or later.` },
      { name: "serial", kind: "serial", optional: true, doc: "Any text, compared with UPDATE/SCFG; equal means no upload unless /force says it is time again. Needs firmware 7.00 or later." },
    ],
    switches: [
      { name: "/force", value: "count", requires: "serial", since: "7.00", doc: "Upload again once this many hours have passed since the last upload, even with an unchanged serial (168 = weekly)." },
      { name: "/always", value: "text", requires: "serial", doc: "Run the given percent-encoded command and upload its output instead of the configuration. Emitted by innovaphone's PHP update server; not in the reference manual." },
    ],
    versionNotes: [{ since: "7.00", what: "FINAL, SERIAL and /force are ignored by older firmware, which uploads on every poll." }],
    signature: "mod cmd UP0 scfg URL [FINAL SERIAL [/force HOURS]]",
    doc: "Back up the device configuration by uploading it to URL. Without SERIAL it uploads on every poll; with SERIAL only when the serial changed, or with /force when enough hours have passed. #bn in the URL cycles through the backup slots.",
  },
  {
    id: "activate-pwr", module: "WLANMGR0", verb: "activate-pwr",
    slots: [], switches: [],
    signature: "mod cmd WLANMGR0 activate-pwr",
    doc: "Wi-Fi phones (IP72): leave power-save mode so a large download is not interrupted. Pair it with deactivate-pwr after the downloads.",
  },
  {
    id: "deactivate-pwr", module: "WLANMGR0", verb: "deactivate-pwr",
    slots: [], switches: [],
    signature: "mod cmd WLANMGR0 deactivate-pwr",
    doc: "Wi-Fi phones (IP72): return to the configured power-save mode. If a download reset the phone first, this line is not reached, which is harmless: the phone starts in power-save mode.",
  },
];

/** Modules whose verbs upscript checks: an unknown verb there is an error. */
export const CHECKED_MODULES = ["UP0", "UP1"] as const;

export interface ModuleSpec {
  readonly name: string;
  readonly doc: string;
  /** Verbs seen in scripts, for completion (typed ones come from COMMANDS). */
  readonly knownVerbs?: readonly string[];
}

export const MODULES: readonly ModuleSpec[] = [
  { name: "UP0", doc: "The transfer module: downloads firmware, boot code, radio code and configuration files, and uploads configuration backups." },
  { name: "UP1", doc: "The update script engine: polls the update URL and runs the script; check, times and poll control it." },
  { name: "WLANMGR0", doc: "Wi-Fi manager of the IP72 phone; power-save control around downloads." },
  { name: "FLASHMAN0", doc: "Flash memory manager. `reset ldap` frees flash space before a boot code update.", knownVerbs: ["reset"] },
  { name: "FLASHDIR0", doc: "Flash directory (local LDAP store).", knownVerbs: ["add-item"] },
  { name: "X509", doc: "Certificate store of the device.", knownVerbs: ["xml-info", "servercert-create"] },
  { name: "CMD0", doc: "General device commands.", knownVerbs: ["xml-info"] },
  { name: "TLS0", doc: "TLS settings of the device." },
];

export const CONFIG_VERBS = [
  { verb: "add", doc: "Add options to a module's configuration." },
  { verb: "change", doc: "Replace a module's configuration line." },
  { verb: "rem", doc: "Remove options from a module's configuration." },
  { verb: "write", doc: "Save the running configuration to flash." },
  { verb: "activate", doc: "Make the saved configuration take effect; some settings then need a restart." },
] as const;

export const VARS_VERBS = [
  { verb: "create", doc: "Create or overwrite a device variable." },
  { verb: "del", doc: "Delete a device variable." },
  { verb: "read", doc: "Print a device variable." },
] as const;

export type MetaName = "F" | "B" | "H" | "h" | "m" | "d" | "bn" | "i" | "t";

export interface MetaSpec {
  readonly name: MetaName;
  readonly doc: string;
  readonly example: string;
}

/** Meta sequences, longest first so that `#bn` wins over a one-letter sequence. */
export const META_SEQUENCES: readonly MetaSpec[] = [
  { name: "bn", doc: "rolling backup index: 0, 1, … up to the number of backup slots minus one, then 0 again", example: "3" },
  { name: "F", doc: "build of the running firmware", example: "08-12345" },
  { name: "B", doc: "build of the running boot code", example: "401" },
  { name: "H", doc: "hardware build", example: "102" },
  { name: "h", doc: "hardware id: product and the last three bytes of the MAC", example: "IP1200-03-0d-f0" },
  { name: "m", doc: "MAC address", example: "00-90-33-03-0d-f0" },
  { name: "d", doc: "local date and time", example: "20051010-170130" },
  { name: "i", doc: "the device's local IP address", example: "192.168.0.23" },
  { name: "t", doc: "device type in lower case", example: "ip232" },
];

/** Where meta sequences are replaced: the update URL itself and scfg URLs. */
export const META_EXPANDED_IN = "the update URL configured on the device and scfg URLs";

export const DEFAULT_BACKUP_SLOTS = 5;
export const DEFAULT_POLL_INTERVAL_MINUTES = 15;
/** A factory-fresh device polls every minute for its first 30 minutes. */
export const FRESH_POLL_INTERVAL_MINUTES = 1;
export const FRESH_FAST_POLL_WINDOW_MINUTES = 30;

export type ProductFamily = "phone" | "wifi-phone" | "gateway" | "dect" | "virtual";

export interface ProductSpec {
  /** Product name as the device shows it, e.g. IP232. */
  readonly name: string;
  readonly family: ProductFamily;
  /** Device type as sent in `#t`. */
  readonly type: string;
  /** Name appended to the update URL when it ends in `/`. */
  readonly updateFile: string;
  /** Firmware file appended to a prot URL ending in `/`, or null when unknown. */
  readonly firmwareFile: string | null;
  /** Boot code file appended to a boot URL ending in `/`, or null when there is no boot code. */
  readonly bootFile: string | null;
  readonly hasDectRadio: boolean;
  readonly supportsReboot: boolean;
}

interface ProductRow {
  readonly name: string;
  readonly family: ProductFamily;
  readonly firmware?: boolean;
  readonly boot?: boolean;
  readonly reboot?: boolean;
}

/** `IP1200` → `1200`, `IP29-2` → `29`: the model part used in default file names. */
function modelOf(name: string): string {
  return name.toLowerCase().replace(/^ip/, "").replace(/-.*$/, "");
}

function product(row: ProductRow): ProductSpec {
  const type = row.name.toLowerCase();
  const model = modelOf(row.name);
  return {
    name: row.name,
    family: row.family,
    type,
    updateFile: `update-${type}.htm`,
    firmwareFile: row.firmware === false ? null : `ip${model}.bin`,
    bootFile: row.boot === false ? null : `boot${model}.bin`,
    hasDectRadio: row.family === "dect",
    supportsReboot: row.reboot !== false,
  };
}

export const PRODUCTS: readonly ProductSpec[] = ([
  { name: "IP21", family: "gateway", reboot: false },
  { name: "IP22", family: "gateway" }, { name: "IP24", family: "gateway" }, { name: "IP28", family: "gateway" },
  { name: "IP29", family: "gateway" }, { name: "IP29-2", family: "gateway" }, { name: "IP29-4", family: "gateway" },
  { name: "IP38", family: "gateway" }, { name: "IP302", family: "gateway" }, { name: "IP305", family: "gateway" },
  { name: "IP311", family: "gateway" }, { name: "IP400", family: "gateway" }, { name: "IP4001", family: "gateway" },
  { name: "IP411", family: "gateway" }, { name: "IP800", family: "gateway" }, { name: "IP810", family: "gateway" },
  { name: "IP811", family: "gateway" }, { name: "IP0010", family: "gateway" }, { name: "IP0011", family: "gateway" },
  { name: "IP0013", family: "gateway" }, { name: "IP1060", family: "gateway" }, { name: "IP1130", family: "gateway" },
  { name: "IP2000", family: "gateway" }, { name: "IP3000", family: "gateway" }, { name: "IP3010", family: "gateway" },
  { name: "IP3011", family: "gateway" }, { name: "IP6000", family: "gateway" }, { name: "IP6010", family: "gateway" },
  { name: "IP6012", family: "gateway" }, { name: "IP6013", family: "gateway" },
  { name: "IPVA", family: "virtual", boot: false },
  { name: "IP1200", family: "dect" }, { name: "IP1201", family: "dect" }, { name: "IP1202", family: "dect" },
  { name: "IPBS", family: "dect", firmware: false, boot: false },
  { name: "IPBS2", family: "dect", firmware: false, boot: false },
  { name: "IPBL", family: "dect", firmware: false, boot: false },
  { name: "IP72", family: "wifi-phone" },
  { name: "IP101", family: "phone" }, { name: "IP102", family: "phone" }, { name: "IP110", family: "phone" },
  { name: "IP110A", family: "phone" }, { name: "IP111", family: "phone" }, { name: "IP112", family: "phone" },
  { name: "IP150", family: "phone" }, { name: "IP150A", family: "phone" }, { name: "IP152", family: "phone" },
  { name: "IP153", family: "phone" }, { name: "IP154", family: "phone" }, { name: "IP200A", family: "phone" },
  { name: "IP200B", family: "phone" }, { name: "IP222", family: "phone" }, { name: "IP222A", family: "phone" },
  { name: "IP230", family: "phone" }, { name: "IP230A", family: "phone" }, { name: "IP232", family: "phone" },
  { name: "IP240", family: "phone" }, { name: "IP240A", family: "phone" }, { name: "IP241", family: "phone" },
  { name: "IP242", family: "phone" },
] as const satisfies readonly ProductRow[]).map(product);

/** Version notes that do not belong to one command. */
export const VERSION_NOTES = {
  scfgOptions: "7.00",
  rebootFinals: "6.00 sr2 hotfix3",
  hostNames: "9.00",
} as const;

export const URL_SCHEMES = ["http", "https"] as const;

// ---- lookups (derived once from the data above) ----

const finalSet: ReadonlySet<string> = new Set(FINAL_WORDS);
const commandByKey = new Map(COMMANDS.map((c) => [`${c.module} ${c.verb}`, c]));
const productByName = new Map(PRODUCTS.map((p) => [p.name.toLowerCase(), p]));

export function isFinalWord(word: string): word is FinalWord {
  return finalSet.has(word);
}

/** Case-insensitive final lookup, for did-you-mean and keyword-case. */
export function finalIgnoringCase(word: string): FinalWord | undefined {
  const lower = word.toLowerCase();
  return finalSet.has(lower) ? (lower as FinalWord) : undefined;
}

/** The typed command for a module and verb, compared ignoring case (the case is checked by a rule). */
export function findCommand(module: string, verb: string): CommandSpec | undefined {
  return commandByKey.get(`${module.toUpperCase()} ${verb.toLowerCase()}`);
}

export function commandsOf(module: string): CommandSpec[] {
  const upper = module.toUpperCase();
  return COMMANDS.filter((c) => c.module === upper);
}

export function findProduct(name: string): ProductSpec | undefined {
  return productByName.get(name.toLowerCase());
}

export function findModule(name: string): ModuleSpec | undefined {
  const upper = name.toUpperCase();
  return MODULES.find((m) => m.name === upper);
}

export function findMeta(name: string): MetaSpec | undefined {
  return META_SEQUENCES.find((m) => m.name === name);
}

export function isCheckedModule(module: string): boolean {
  return (CHECKED_MODULES as readonly string[]).includes(module.toUpperCase());
}
