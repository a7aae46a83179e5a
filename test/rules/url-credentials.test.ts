import { ruleTester } from "./tester.js";

const READERS = "anyone who can read this script or the web server's logs";

ruleTester("url-credentials", {
  valid: [
    "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
    "mod cmd UP0 scfg https://10.0.0.5/save.php?mac=#m&mode=backup&userdata=1&passive=on ser 1",
    // Empty values carry no secret.
    "mod cmd UP0 cfg https://10.0.0.5/c.php?user=&pwd= ireset 1",
    "mod cmd UP0 cfg https://@10.0.0.5/c.txt ireset 1",
    // An @ in the path is no user info.
    "mod cmd UP0 cfg https://10.0.0.5/users/a@b.txt ireset 1",
    // Not a URL at all.
    "mod cmd UP0 cfg admin:pw@10.0.0.5/c.txt ireset 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 prot http://admin:secret@10.0.0.5/fw/ ireset 1",
      errors: [{ range: "0:24-0:36", message: `the URL contains the user 'admin' and a password: ${READERS} can read both`, severity: "warning" }],
    },
    {
      name: "user name only",
      code: "mod cmd UP0 boot https://deploy@10.0.0.5:8443/boot/ ireboot 205",
      errors: [{ range: "0:25-0:31", message: `the URL contains the user name 'deploy': ${READERS} can read it` }],
    },
    {
      name: "USER= and PWD= query parameters, any case",
      code: "mod cmd UP0 cfg http://10.0.0.5/cfg.php?mac=#m&USER=admin&Pwd=geheim ireset 1",
      errors: [
        { range: "0:47-0:57", message: `query parameter 'USER' puts the user name 'admin' into the URL: ${READERS} can read it` },
        { range: "0:58-0:68", message: `query parameter 'Pwd' puts a password into the URL: ${READERS} can read it` },
      ],
    },
    {
      name: "every listed parameter name",
      code: "mod cmd UP0 scfg http://10.0.0.5/s?username=a&usr=b&pw=c&pass=d&password=e&passwd=f",
      errors: [
        { range: "0:35-0:45", message: /^query parameter 'username' puts the user name 'a'/ },
        { range: "0:46-0:51", message: /^query parameter 'usr' / },
        { range: "0:52-0:56", message: /^query parameter 'pw' puts a password/ },
        { range: "0:57-0:63", message: /^query parameter 'pass' / },
        { range: "0:64-0:74", message: /^query parameter 'password' / },
        { range: "0:75-0:83", message: /^query parameter 'passwd' / },
      ],
    },
    {
      name: "user info and query in one URL",
      code: "mod cmd UP0 bmc https://a:b@[fd00::5]:443/r.bin?pwd=x ireset 1",
      errors: [{ range: "0:24-0:27", message: /^the URL contains the user 'a' and a password/ }, { range: "0:48-0:53", message: /^query parameter 'pwd'/ }],
    },
  ],
});
