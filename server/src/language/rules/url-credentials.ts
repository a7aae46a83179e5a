import { transferUrls, queryParams } from "./util-url.js";
import { updateUrls } from "./util-update-url.js";
import { defineRule } from "./types.js";

const USER_PARAMS = new Set(["user", "username", "usr"]);
const PASSWORD_PARAMS = new Set(["pwd", "pw", "pass", "password", "passwd"]);
const READERS = "anyone who can read this script or the web server's logs";

/**
 * `user:password@host` or `?user=…&pwd=…` in a transfer URL or in the decoded update URL of
 * config UP1 /url (where a finding covers the whole encoded word).
 */
export default defineRule({
  id: "url-credentials",
  severity: "warning",
  category: "security",
  description: "A user name or password written into a prot, boot, bmc, cfg or scfg URL or the update URL (user:pw@host, ?user=…&pwd=…).",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    const urls = [...transferUrls(script).map(({ url }) => ({ url, exact: true })), ...updateUrls(script)];
    for (const { url, exact } of urls) {
      const userinfo = url.userinfo;
      if (userinfo && userinfo.text !== "") {
        const colon = userinfo.text.indexOf(":");
        const user = colon < 0 ? userinfo.text : userinfo.text.slice(0, colon);
        const hasPassword = colon >= 0 && colon < userinfo.text.length - 1;
        report({
          range: userinfo.range,
          message: hasPassword
            ? `the URL contains the user '${user}' and a password: ${READERS} can read both`
            : `the URL contains the user name '${user}': ${READERS} can read it`,
        });
      }
      if (!url.query) continue;
      for (const param of queryParams(url.query)) {
        if (!param.value) continue;
        // In a decoded URL the query's range is the whole word: the parameter's own offsets mean nothing there.
        const range = exact ? param.range : url.range;
        const name = param.name.toLowerCase();
        if (USER_PARAMS.has(name)) {
          report({ range, message: `query parameter '${param.name}' puts the user name '${param.value}' into the URL: ${READERS} can read it` });
        } else if (PASSWORD_PARAMS.has(name)) {
          report({ range, message: `query parameter '${param.name}' puts a password into the URL: ${READERS} can read it` });
        }
      }
    }
  },
});
