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

/** Firmware that introduced the watchdog finals reboot and ireboot: their one encoding. */
const REBOOT_SINCE = "6.00 sr2 hotfix3";
/** Firmware from which scfg reads its FINAL, SERIAL and /force: their one encoding. */
const SCFG_OPTIONS_SINCE = "7.00";

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
  /**
   * Firmware that introduced the word, when it is not available everywhere. The products on which
   * a watchdog final does not work are the ones with `supportsReboot: false` (PRODUCTS).
   */
  readonly since?: string;
  /** The word to write instead where this one is not available (reboot → reset). */
  readonly fallback?: FinalWord;
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
    word: "reboot", timing: "now", onlyIfRequired: false, watchdog: true, since: REBOOT_SINCE, fallback: "reset",
    doc: "Like reset, but ends with a hard (watchdog) restart. Use it after a boot code update so the new boot code is started. Not available on the IP21.",
  },
  ireboot: {
    word: "ireboot", timing: "when-idle", onlyIfRequired: false, watchdog: true, since: REBOOT_SINCE, fallback: "ireset",
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
 * is a number of hours, as after `/force`); `text` is any word; `command` is a percent-encoded
 * device command (`/always vars%20read%20X509%2FREQUEST`); `encoded-url` is a percent-encoded URL
 * (the update URL after UP1 `/url`).
 */
export type ArgKind = "url" | "final" | "serial" | "build" | "hours" | "minutes" | "count" | "text" | "command" | "encoded-url";

export interface SlotSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly optional?: boolean;
  /** Firmware that first reads the slot; older firmware ignores it. */
  readonly since?: string;
  /** For a final slot: the final commands completion offers first, most usual first. */
  readonly preferred?: readonly FinalWord[];
  /** For a final slot whose command runs FINAL later than at its own line: when it runs (hover). */
  readonly runs?: string;
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

/**
 * The tree node a command's line becomes (grammar/src/ast.ts), by its slots and switches:
 * `plain` no arguments; `minutes` one MINUTES slot; `final-serial` FINAL SERIAL; `switches` only
 * switches; `transfer` URL FINAL SERIAL (or BUILD); `upload` URL [FINAL SERIAL] with switches.
 * The builder, the semantic tokens, the outline and the TextMate grammar work per shape, so a
 * command of an existing shape needs no code outside its rules (docs/catalog.md).
 */
export type CommandShape = "plain" | "minutes" | "final-serial" | "switches" | "transfer" | "upload";

/** Which default file name a URL ending in `/` receives. */
export type DefaultFileKind = "update" | "firmware" | "boot";

const KiB = 1024;
const MiB = 1024 * KiB;

export interface TransferSpec {
  readonly method: "GET" | "PUT";
  /** What the device compares BUILD with when the variable is empty: its running firmware, boot code or radio code. */
  readonly running?: "firmware" | "boot" | "bmc";
  /** `null`: the device appends a name that is unusable (bmc) or none at all. */
  readonly defaultFile: DefaultFileKind | null;
  /** The file is configuration lines the device runs and writes (a cfg target, docs/model.md); no build is compared. */
  readonly loadsConfig?: boolean;
  /** A URL ending in `/` gets a name appended that is not usable (it lacks `.bin`): name the file (bmc-default-name). */
  readonly appendsUnusableName?: boolean;
  /** Whether `#…` meta sequences are replaced in this command's URL. */
  readonly expandsMeta: boolean;
  readonly purpose: string;
  /**
   * Bytes a rollout forecast assumes for one transfer when neither the web root nor the config
   * says how big the file is (`simulate --size VERB=SIZE` overrides it; docs/dry-run.md).
   */
  readonly typicalBytes: number;
}

/**
 * Whether a product installs what a download replaces (a transfer's `running`): some take no
 * firmware or no boot code through the update server and ignore such lines (docs/model.md). The
 * one judgement of lint (no-firmware-for-product) and the dry-run.
 */
export function installsDownload(product: Pick<ProductSpec, "hasFirmware" | "hasBoot">, running: NonNullable<TransferSpec["running"]>): boolean {
  return running === "firmware" ? product.hasFirmware : running === "boot" ? product.hasBoot : true;
}

export interface VersionNote {
  readonly since: string;
  readonly what: string;
}

interface CommandRow {
  readonly id: string;
  readonly shape: CommandShape;
  readonly module: "UP0" | "UP1" | "WLANMGR0";
  readonly verb: string;
  readonly slots: readonly SlotSpec[];
  readonly switches: readonly SwitchSpec[];
  /** The UPDATE/* variable the command compares and stores. */
  readonly variable?: VariableName;
  readonly transfer?: TransferSpec;
  readonly versionNotes?: readonly VersionNote[];
  /**
   * What a line of a shape without arguments of its own (`plain`, `minutes`) does in the dry-run:
   * `poll` polls again, `reinit` clears the UPDATE/* serials, `provision` and `wlan` are effects
   * the dry-run names but does not model.
   */
  readonly effect?: "poll" | "reinit" | "provision" | "wlan";
  /** The path after the base URL in the completion snippet of a transfer, e.g. `firmware/`. */
  readonly examplePath?: string;
  /** One line, shown in completion and signature help. */
  readonly signature: string;
  readonly doc: string;
}

const FINAL_SLOT_DOC = "What the device does after the step succeeded: one of ireset, reset, iresetn, resetn, reboot, ireboot, ser, no-op.";

const COMMAND_TABLE = [
  {
    id: "check", shape: "final-serial", module: "UP1", verb: "check", variable: "CHECK",
    slots: [
      { name: "final", kind: "final", preferred: ["iresetn", "ser", "ireset"], runs: "runs after the last line of a run that neither stopped nor reset", doc: `${FINAL_SLOT_DOC} It runs after the last line of a complete run.` },
      { name: "serial", kind: "serial", doc: "Any text. When UPDATE/CHECK already holds it the run stops here; otherwise it is stored after a complete run." },
    ],
    switches: [],
    signature: "mod cmd UP1 check FINAL SERIAL",
    doc: "Run the rest of the script once per serial. If the device already stored this serial, the run stops at this line. Otherwise the script goes on, and only when the whole run finishes without a stop or a reset does the device store the serial and run FINAL. Change the serial whenever you change the script, or devices that already ran it will skip the change.",
  },
  {
    id: "times", shape: "switches", module: "UP1", verb: "times",
    slots: [],
    switches: [
      { name: "/allow", value: "hours", doc: "Hours of the local day (0–23, comma separated, no blanks) in which the rest of the script may run. Hours past midnight are listed one by one: 23,0,1,2." },
      { name: "/initial", value: "minutes", doc: "Minutes after each boot during which nothing below this line runs. With /initial, a factory-fresh device ignores /allow so it gets its first configuration quickly." },
    ],
    signature: "mod cmd UP1 times [/allow HOURS] [/initial MINUTES]",
    doc: "Limit when the lines below run. Outside the allowed hours, too soon after a boot, or when the device has no clock yet, the run stops here. Lines above this one run at any hour.",
  },
  {
    id: "poll", shape: "plain", module: "UP1", verb: "poll", effect: "poll",
    slots: [], switches: [],
    signature: "mod cmd UP1 poll",
    doc: "Ask the device to fetch and run the update script again right away instead of waiting for the next interval.",
  },
  {
    id: "reinit", shape: "plain", module: "UP1", verb: "reinit", effect: "reinit",
    slots: [], switches: [],
    signature: "mod cmd UP1 reinit",
    doc: "Forget every stored update serial (UPDATE/CHECK, PROT, BOOT, BMC, CFG, SCFG). Every check, download and load runs again on the next poll.",
  },
  {
    id: "provision", shape: "minutes", module: "UP1", verb: "provision", effect: "provision",
    slots: [{ name: "minutes", kind: "minutes", doc: "Fast polling interval in minutes while provisioning; 0 turns fast polling off." }],
    switches: [],
    signature: "mod cmd UP1 provision MINUTES",
    doc: "Switch the temporary fast polling used while a device is being provisioned on (interval in minutes) or off (0). Seen in innovaphone's own update server; not in the reference manual.",
  },
  {
    id: "prot", shape: "transfer", module: "UP0", verb: "prot", variable: "PROT",
    transfer: { method: "GET", running: "firmware", defaultFile: "firmware", expandsMeta: false, purpose: "firmware", typicalBytes: 8 * MiB },
    examplePath: "firmware/",
    slots: [
      { name: "url", kind: "url", doc: "Where to download the firmware. A URL ending in / gets the product's firmware file name appended (ip1200.bin for an IP1200)." },
      { name: "final", kind: "final", preferred: ["ireset", "iresetn", "reset"], doc: FINAL_SLOT_DOC },
      { name: "build", kind: "build", doc: "The build the file contains, e.g. 13-138765. Compared with UPDATE/PROT (or the running firmware when that is empty); equal means no download." },
    ],
    switches: [],
    signature: "mod cmd UP0 prot URL FINAL BUILD",
    doc: "Update the firmware. When BUILD differs from the stored (or running) build, the device downloads the file, stores BUILD in UPDATE/PROT, and runs FINAL. The new firmware starts with the next restart. The device does not look inside the file: if it holds another build, the device downloads it again after every restart.",
  },
  {
    id: "boot", shape: "transfer", module: "UP0", verb: "boot", variable: "BOOT",
    transfer: { method: "GET", running: "boot", defaultFile: "boot", expandsMeta: false, purpose: "boot code", typicalBytes: 1 * MiB },
    examplePath: "firmware/",
    slots: [
      { name: "url", kind: "url", doc: "Where to download the boot code. A URL ending in / gets the product's boot code file name appended (boot1200.bin for an IP1200)." },
      { name: "final", kind: "final", preferred: ["ireboot", "reboot", "ireset"], doc: `${FINAL_SLOT_DOC} reboot or ireboot start the new boot code.` },
      { name: "build", kind: "build", doc: "The boot code build the file contains, e.g. 205. Compared with UPDATE/BOOT (or the running boot code when that is empty)." },
    ],
    switches: [],
    versionNotes: [{ since: "7.00", what: "Version 7 boot code can only be loaded by a device that already runs version 7 firmware." }],
    signature: "mod cmd UP0 boot URL FINAL BUILD",
    doc: "Update the boot code, the same way prot updates the firmware: download when BUILD differs, store it in UPDATE/BOOT, run FINAL. Use reboot or ireboot as FINAL so that the new boot code really starts.",
  },
  {
    id: "bmc", shape: "transfer", module: "UP0", verb: "bmc", variable: "BMC",
    transfer: { method: "GET", running: "bmc", defaultFile: null, appendsUnusableName: true, expandsMeta: false, purpose: "DECT radio code", typicalBytes: 512 * KiB },
    examplePath: "firmware/bmc.bin",
    slots: [
      { name: "url", kind: "url", doc: "Full URL of the DECT radio (BMC) code file. Name the file: the name appended to a URL ending in / lacks the .bin suffix." },
      { name: "final", kind: "final", preferred: ["ireset", "iresetn", "reset"], doc: FINAL_SLOT_DOC },
      { name: "build", kind: "build", doc: "The radio code version the file contains, e.g. PCS04fd. Compared with UPDATE/BMC." },
    ],
    switches: [],
    signature: "mod cmd UP0 bmc URL FINAL BUILD",
    doc: "Update the DECT radio code (burst mode controller) of a DECT base station, the same way prot updates the firmware. Only DECT devices have it.",
  },
  {
    id: "cfg", shape: "transfer", module: "UP0", verb: "cfg", variable: "CFG",
    transfer: { method: "GET", defaultFile: null, loadsConfig: true, expandsMeta: false, purpose: "configuration", typicalBytes: 16 * KiB },
    examplePath: "config/settings.txt",
    slots: [
      { name: "url", kind: "url", doc: "URL of a text file with configuration lines (config change …). It must not contain mod cmd UP0 cfg itself." },
      { name: "final", kind: "final", preferred: ["reset", "iresetn", "ser"], doc: `${FINAL_SLOT_DOC} The loaded configuration is written but not activated: use reset, or ser followed by config activate and iresetn.` },
      { name: "serial", kind: "serial", doc: "Any text, compared with UPDATE/CFG; equal means the file is not loaded again. Without it the file is loaded on every poll." },
    ],
    switches: [],
    signature: "mod cmd UP0 cfg URL FINAL SERIAL",
    doc: "Load configuration lines from a file. When SERIAL differs from UPDATE/CFG the device reads the file, runs its lines, writes the configuration (config write), stores SERIAL and runs FINAL. It never activates the configuration by itself.",
  },
  {
    id: "scfg", shape: "upload", module: "UP0", verb: "scfg", variable: "SCFG",
    transfer: { method: "PUT", defaultFile: null, expandsMeta: true, purpose: "configuration backup", typicalBytes: 32 * KiB },
    examplePath: "backup/#h-#bn.txt",
    slots: [
      { name: "url", kind: "url", doc: "Where to upload the configuration (HTTP PUT; the web server must allow writing). Meta sequences such as #h, #m, #d and #bn are replaced here." },
      { name: "final", kind: "final", optional: true, since: SCFG_OPTIONS_SINCE, preferred: ["no-op", "ser"], doc: `${FINAL_SLOT_DOC} Usually no-op. Needs firmware ${SCFG_OPTIONS_SINCE} or later.` },
      { name: "serial", kind: "serial", optional: true, since: SCFG_OPTIONS_SINCE, doc: `Any text, compared with UPDATE/SCFG; equal means no upload unless /force says it is time again. Needs firmware ${SCFG_OPTIONS_SINCE} or later.` },
    ],
    switches: [
      { name: "/force", value: "count", requires: "serial", since: SCFG_OPTIONS_SINCE, doc: "Upload again once this many hours have passed since the last upload, even with an unchanged serial (168 = weekly)." },
      {
        name: "/always", value: "command",
        doc: "Run COMMAND on the device (one word, percent-encoded: %20 for a blank, %2F for /) and upload what it prints instead of the configuration. Such a line runs on every poll that reaches it: the serial is neither compared nor stored, so /force adds nothing. Emitted by innovaphone's own PHP update server; not in the reference manual.",
      },
    ],
    versionNotes: [
      { since: SCFG_OPTIONS_SINCE, what: "FINAL, SERIAL, /force and /always are ignored by older firmware, which uploads the configuration on every poll. Which version first knows /always is not documented; the update server that emits it is made for current firmware." },
    ],
    signature: "mod cmd UP0 scfg URL [FINAL SERIAL [/force HOURS] [/always COMMAND]]",
    doc: "Back up the device configuration by uploading it to URL. Without SERIAL it uploads on every poll; with SERIAL only when the serial changed, or with /force when enough hours have passed. #bn in the URL cycles through the backup slots. With /always COMMAND it uploads the output of that command instead, on every poll.",
  },
  {
    id: "activate-pwr", shape: "plain", module: "WLANMGR0", verb: "activate-pwr", effect: "wlan",
    slots: [], switches: [],
    signature: "mod cmd WLANMGR0 activate-pwr",
    doc: "Wi-Fi phones (IP72): leave power-save mode so a large download is not interrupted. Pair it with deactivate-pwr after the downloads.",
  },
  {
    id: "deactivate-pwr", shape: "plain", module: "WLANMGR0", verb: "deactivate-pwr", effect: "wlan",
    slots: [], switches: [],
    signature: "mod cmd WLANMGR0 deactivate-pwr",
    doc: "Wi-Fi phones (IP72): return to the configured power-save mode. If a download reset the phone first, this line is not reached, which is harmless: the phone starts in power-save mode.",
  },
] as const satisfies readonly CommandRow[];

/** A typed command's id, one per entry of the table above. */
export type CommandId = (typeof COMMAND_TABLE)[number]["id"];

/** The ids of the commands whose lines have a shape; the tree's line types are keyed by these. */
export type CommandIdOf<S extends CommandShape> = Extract<(typeof COMMAND_TABLE)[number], { readonly shape: S }>["id"];

export interface CommandSpec extends CommandRow {
  readonly id: CommandId;
}

export const COMMANDS: readonly CommandSpec[] = COMMAND_TABLE;

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

// ---- module settings written with config lines ----

/**
 * The config verbs that set or remove settings of a module: `add` and `change` write each setting
 * with its value, `rem` names settings without values and removes them.
 */
export const SETTING_VERBS = [
  { verb: "add", takesValues: true },
  { verb: "change", takesValues: true },
  { verb: "rem", takesValues: false },
] as const;
export type SettingVerb = (typeof SETTING_VERBS)[number]["verb"];

export interface SettingSpec {
  /** The switch, e.g. `/poll`. */
  readonly name: string;
  /** The value after `config add` and `config change`; null for a flag (`/no-dhcp`). After `config rem` no setting has a value. */
  readonly value: ArgKind | null;
  /** The value's name in signatures and hovers (`URL`, `MIN`); absent for a flag. */
  readonly valueName?: string;
  readonly doc: string;
}

export interface SettingsSpec {
  readonly module: string;
  /** `config add|change UP1 …`, one line for hover and signature help. */
  readonly signature: string;
  /** The same for `config rem UP1 …`, whose settings have no values. */
  readonly remSignature: string;
  readonly doc: string;
  readonly settings: readonly SettingSpec[];
}

/**
 * The update client's settings (module UP1), as scripts of innovaphone's own update server set
 * them: `config add UP1 /poll 1`, `config rem UP1 /provision`. One line may carry several
 * (`config change UP1 /url … /poll 15`), as any config line may.
 */
export const UP1_SETTINGS: readonly SettingSpec[] = [
  {
    name: "/url", value: "encoded-url", valueName: "URL",
    doc: "The update URL: where the device fetches its update script on every poll. It is usually written fully percent-encoded (%3A for :, %2F for /, %23 for #); the device decodes it and fills in meta sequences such as #m, #h, #t and #i each time it polls.",
  },
  {
    name: "/poll", value: "minutes", valueName: "MIN",
    doc: "Minutes between two polls (default 15). Every device with this setting polls the update server that often, so short intervals add up to a lot of load.",
  },
  {
    name: "/poll-fast", value: "minutes", valueName: "MIN",
    doc: "Minutes between the polls of a factory-fresh device that never ran a script, during its first 30 minutes (default 1).",
  },
  {
    name: "/provision", value: "minutes", valueName: "MIN",
    doc: "Kept while a device is being provisioned, for fast polling; innovaphone's own update server removes it (config rem UP1 /provision) once provisioning is done. Not in the reference manual.",
  },
  { name: "/no-dhcp", value: null, doc: "Ignore an update URL offered by DHCP, so that the configured /url stays in force." },
  { name: "/disc", value: null, doc: "Close the HTTP connections to the update server after each poll instead of keeping them open." },
];

/** Modules whose config lines upscript reads setting by setting; every other config line stays open. */
export const CONFIG_SETTINGS: readonly SettingsSpec[] = [
  {
    module: "UP1",
    signature: "config add|change UP1 [/url URL] [/poll MIN] [/poll-fast MIN] [/provision MIN] [/no-dhcp] [/disc]",
    remSignature: "config rem UP1 [/url] [/poll] [/poll-fast] [/provision] [/no-dhcp] [/disc]",
    doc: "Settings of the update client: the update URL, the polling intervals and how the device treats DHCP and its HTTP connections. Like any configuration change they take effect after config activate or a restart.",
    settings: UP1_SETTINGS,
  },
];

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

/**
 * `client`: the soft phone and the mobile apps (SWPHONE, MYPBXA, MYPBXI); `virtual`: the virtual
 * appliances (IPVA, IPVADECT); `unknown`: a product upscript does not know (guessProduct).
 */
export type ProductFamily = "phone" | "wifi-phone" | "client" | "gateway" | "dect" | "virtual" | "unknown";

export interface ProductSpec {
  /** Product name as the device shows it, e.g. IP232. */
  readonly name: string;
  readonly family: ProductFamily;
  /** Device type as sent in `#t`: the name in lower case (`ip232`, `ip29-2`, `swphone`). */
  readonly type: string;
  /** Name appended to the update URL when it ends in `/`. */
  readonly updateFile: string;
  /** The product takes firmware (`prot`) through the update server. */
  readonly hasFirmware: boolean;
  /** The product takes boot code (`boot`) through the update server. */
  readonly hasBoot: boolean;
  /** Firmware file appended to a prot URL ending in `/`; null when the product takes no firmware. */
  readonly firmwareFile: string | null;
  /** Boot code file appended to a boot URL ending in `/`; null when the product takes no boot code. */
  readonly bootFile: string | null;
  readonly hasDectRadio: boolean;
  readonly supportsReboot: boolean;
  /** Not in the catalog: built from a name by guessProduct, its file names by the vendor rule. */
  readonly guessed?: boolean;
}

interface ProductRow {
  readonly name: string;
  readonly family: ProductFamily;
  /** false: no firmware through the update server. */
  readonly firmware?: boolean;
  /** false: no boot code through the update server. */
  readonly boot?: boolean;
  readonly reboot?: boolean;
  /** A firmware file name that does not follow the vendor rule (MYPBXA: `mypbx.apk`). */
  readonly firmwareFile?: string;
}

/**
 * The names a device appends to a prot or boot URL ending in `/`, by the vendor's rule: the type
 * in lower case, cut at its first `-`; `ip<rest>` gives `ip<rest>.bin` and `boot<rest>.bin`, any
 * other type `<type>.bin` and `boot<type>.bin`. `IP1200` → ip1200.bin, boot1200.bin; `IP29-2` →
 * ip29.bin, boot29.bin; `SWPHONE` → swphone.bin, bootswphone.bin.
 */
export function vendorFileNames(type: string): { readonly firmware: string; readonly boot: string } {
  const lower = type.toLowerCase();
  const dash = lower.indexOf("-");
  const base = dash < 0 ? lower : lower.slice(0, dash);
  if (base.startsWith("ip")) {
    const rest = base.slice(2);
    return { firmware: `ip${rest}.bin`, boot: `boot${rest}.bin` };
  }
  return { firmware: `${base}.bin`, boot: `boot${base}.bin` };
}

function product(row: ProductRow): ProductSpec {
  const type = row.name.toLowerCase();
  const files = vendorFileNames(type);
  const hasFirmware = row.firmware !== false;
  const hasBoot = row.boot !== false;
  return {
    name: row.name,
    family: row.family,
    type,
    updateFile: `update-${type}.htm`,
    hasFirmware,
    hasBoot,
    firmwareFile: hasFirmware ? (row.firmwareFile ?? files.firmware) : null,
    bootFile: hasBoot ? files.boot : null,
    hasDectRadio: row.family === "dect",
    supportsReboot: row.reboot !== false,
  };
}

const phone = (name: string): ProductRow => ({ name, family: "phone" });
const gateway = (name: string): ProductRow => ({ name, family: "gateway" });

/**
 * Every model the vendor's own update server knows, and the IP21 and IPBL besides. The soft and
 * mobile clients and the DECT base stations take no firmware or no boot code through the update
 * server (see docs/rules/no-firmware-for-product.md).
 */
export const PRODUCTS: readonly ProductSpec[] = ([
  // Phones.
  ...["IP101", "IP102", "IP110", "IP110A", "IP111", "IP112", "IP150", "IP150A", "IP152", "IP153", "IP154"].map(phone),
  ...["IP200A", "IP200B", "IP222", "IP222A", "IP230", "IP230A", "IP232", "IP240", "IP240A", "IP241", "IP242"].map(phone),
  { name: "IP72", family: "wifi-phone" },
  // Soft and mobile clients.
  { name: "SWPHONE", family: "client", firmware: false, boot: false },
  { name: "MYPBXA", family: "client", boot: false, firmwareFile: "mypbx.apk" },
  { name: "MYPBXI", family: "client", firmware: false, boot: false },
  // Gateways and PBXs; the IP1200 family are IP DECT systems with radio code.
  { name: "IPVA", family: "virtual", boot: false },
  { name: "IPVADECT", family: "virtual", boot: false },
  ...["IP0010", "IP0011", "IP0013", "IP1060", "IP1130"].map(gateway),
  { name: "IP1200", family: "dect" }, { name: "IP1201", family: "dect" }, { name: "IP1202", family: "dect" },
  ...["IP2000", "IP22", "IP24", "IP28", "IP29", "IP29-2", "IP29-4", "IP3000", "IP3010", "IP3011"].map(gateway),
  ...["IP302", "IP305", "IP311", "IP38", "IP400", "IP4001", "IP411", "IP6000", "IP6010", "IP6012", "IP6013"].map(gateway),
  ...["IP800", "IP810", "IP811"].map(gateway),
  { name: "IP21", family: "gateway", reboot: false },
  // DECT base stations.
  { name: "IPBS", family: "dect", firmware: false, boot: false },
  { name: "IPBS2", family: "dect", firmware: false, boot: false },
  { name: "PBL", family: "dect", firmware: false, boot: false },
  { name: "IPBL", family: "dect", firmware: false, boot: false },
] satisfies readonly ProductRow[]).map(product);

/** Version notes that do not belong to one command. */
export const VERSION_NOTES = {
  scfgOptions: SCFG_OPTIONS_SINCE,
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

/** The catalog entry of a product, ignoring case; undefined for a name the catalog lacks. */
export function findProduct(name: string): ProductSpec | undefined {
  return productByName.get(name.toLowerCase());
}

/** What a product name may look like: letters, digits, `-` and `_`, at most 32 characters. */
export const PRODUCT_NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$";
const productName = new RegExp(PRODUCT_NAME_PATTERN);

/**
 * A product upscript does not know, built from its name: the name in upper case, the type in
 * lower case, firmware and boot code with the file names of the vendor rule (vendorFileNames),
 * no radio code. undefined when the name cannot be a product name (PRODUCT_NAME_PATTERN).
 */
export function guessProduct(name: string): ProductSpec | undefined {
  if (!productName.test(name)) return undefined;
  return { ...product({ name: name.toUpperCase(), family: "unknown" }), guessed: true };
}

/**
 * The catalog entry, else a guess (guessProduct) marked `guessed`; undefined when the name cannot
 * be a product name. The dry-run, the preview and the code lens resolve devices with this.
 */
export function productOrGuess(name: string): { readonly product: ProductSpec; readonly guessed: boolean } | undefined {
  const known = findProduct(name);
  if (known) return { product: known, guessed: false };
  const guess = guessProduct(name);
  return guess ? { product: guess, guessed: true } : undefined;
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

/** A switch of a typed command, compared ignoring case (the case is checked by a rule). */
export function findSwitch(spec: CommandSpec, name: string): SwitchSpec | undefined {
  const lower = name.toLowerCase();
  return spec.switches.find((s) => s.name === lower);
}

/**
 * The switches of a typed line (times, scfg) that its command does not have, in order. The
 * device rejects such a line; the rules (times-arguments, scfg-always) and the dry-run all judge
 * by this one function, so lint and dry-run never disagree.
 */
export function unknownSwitches<S extends { readonly spec: unknown }>(line: { readonly switches: readonly S[] }): S[] {
  return line.switches.filter((s) => s.spec === undefined);
}

/** The modules whose settings upscript reads (UP1), ignoring case. */
export function findSettings(module: string): SettingsSpec | undefined {
  const upper = module.toUpperCase();
  return CONFIG_SETTINGS.find((m) => m.module === upper);
}

/** A setting of a module, ignoring case; undefined for a module or a setting upscript does not know. */
export function findSetting(module: string, name: string): SettingSpec | undefined {
  const lower = name.toLowerCase();
  return findSettings(module)?.settings.find((s) => s.name === lower);
}

/** `add`, `change` or `rem`, ignoring case. */
export function findSettingVerb(verb: string): (typeof SETTING_VERBS)[number] | undefined {
  const lower = verb.toLowerCase();
  return SETTING_VERBS.find((v) => v.verb === lower);
}
