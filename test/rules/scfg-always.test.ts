import { ruleTester } from "./tester.js";

const URL = "http://10.0.0.5/update.php?mode=vardump&sn=#m";

ruleTester("scfg-always", {
  valid: [
    // What innovaphone's own update server emits.
    "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m&id=admin ser nop /always mod%20cmd%20CMD0%20xml-info",
    "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der ser nop /always vars%20read%20X509%2FREQUEST",
    // A command without escapes is fine; so is one with UTF-8 in it.
    `mod cmd UP0 scfg ${URL} ser nop /always show`,
    `mod cmd UP0 scfg ${URL} ser nop /always echo%20%E2%82%AC`,
    // /force alone, and plain scfg lines, are scfg-force's business.
    "mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168",
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt",
    // Written in the wrong case, /always is still /always (keyword-case reports the case).
    `mod cmd UP0 scfg ${URL} ser nop /ALWAYS x`,
    // A switch on another command is not scfg's.
    "mod cmd UP1 times /allow 1 /forse 2",
  ],
  invalid: [
    {
      name: "/always without a command",
      code: `mod cmd UP0 scfg ${URL} ser nop /always`,
      errors: [
        {
          range: "0:71-0:78",
          severity: "error",
          message: "/always needs a command: the device runs it and uploads its output, e.g. /always vars%20read%20X509%2FREQUEST (one word, percent-encoded)",
        },
      ],
    },
    {
      name: "/always followed by another switch has no command either",
      code: `mod cmd UP0 scfg ${URL} ser nop /always /force 24`,
      errors: [
        { range: "0:71-0:78", message: /^\/always needs a command/ },
        { range: "0:79-0:88", severity: "warning", message: /^\/force does nothing next to \/always/ },
      ],
      output: `mod cmd UP0 scfg ${URL} ser nop /always`,
    },
    {
      name: "a malformed escape: the range is the escape",
      code: `mod cmd UP0 scfg ${URL} ser nop /always vars%20read%2`,
      errors: [
        {
          range: "0:90-0:92",
          severity: "error",
          message: "'%2' is no percent escape: in the command of /always every '%' starts two hex digits (%20 for a blank, %25 for '%' itself), so the device cannot decode 'vars%20read%2'",
        },
      ],
    },
    {
      name: "escapes that are no UTF-8: the whole command",
      code: `mod cmd UP0 scfg ${URL} ser nop /always x%ff\r\nmod cmd UP0 scfg ${URL} ser nop /always 100%zz`,
      errors: [
        { range: "0:79-0:83", message: "'x%ff' does not decode: its escapes do not spell UTF-8 text, so the device cannot read the command of /always" },
        { range: "1:82-1:85", message: /^'%zz' is no percent escape/ },
      ],
    },
    {
      name: "an unknown switch with a did-you-mean: the typo fix makes the rejected line run, so it is unsafe",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY /forse 168",
      errors: [
        {
          range: "0:55-0:61",
          severity: "error",
          message: "scfg has no switch '/forse'; it knows /force and /always (did you mean '/force'?). The device rejects the whole line, so nothing is uploaded",
        },
      ],
      output: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY /force 168",
    },
    {
      name: "unknown switches without a close match, and one that is only a suggestion",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op W /x 1 /alwayz1 2\nmod cmd UP0 scfg http://10.0.0.5/b/#m.txt /allow 1",
      errors: [
        { range: "0:50-0:52", message: "scfg has no switch '/x'; it knows /force and /always. The device rejects the whole line, so nothing is uploaded" },
        { range: "0:55-0:63", message: /^scfg has no switch '\/alwayz1'; it knows \/force and \/always \(did you mean '\/always'\?\)/ },
        { range: "1:42-1:48", message: /^scfg has no switch '\/allow'; it knows \/force and \/always\. The device/ },
      ],
    },
    {
      name: "/force next to /always is pointless: a warning on /force and its value",
      code: `mod cmd UP0 scfg ${URL} ser nop /force 168 /always vars%20read%20X509%2FREQUEST`,
      errors: [
        {
          range: "0:71-0:81",
          severity: "warning",
          message: "/force does nothing next to /always: a line with /always runs on every poll that reaches it, whatever the serial, so there is nothing for /force to repeat",
        },
      ],
      output: `mod cmd UP0 scfg ${URL} ser nop /always vars%20read%20X509%2FREQUEST`,
    },
    {
      name: "every problem of one line",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#h.txt no-op W /force 168 /always bad%zz /forse 1",
      errors: [
        { range: "0:50-0:60", severity: "warning", message: /^\/force does nothing next to \/always/ },
        { range: "0:72-0:75", severity: "error", message: /^'%zz' is no percent escape/ },
        { range: "0:76-0:82", severity: "error", message: /^scfg has no switch '\/forse'/ },
      ],
      // Once /forse is /force, it sits next to /always and goes too.
      output: "mod cmd UP0 scfg http://10.0.0.5/b/#h.txt no-op W /always bad%zz",
    },
  ],
});
