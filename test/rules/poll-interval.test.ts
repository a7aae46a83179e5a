import { ruleTester } from "./tester.js";

ruleTester("poll-interval", {
  valid: [
    "config add UP1 /poll 15",
    "config change UP1 /poll 60 /poll-fast 1",
    // /poll-fast is short on purpose: only fresh devices use it, for 30 minutes.
    "config add UP1 /poll-fast 1",
    // rem takes no value; other modules and settings are not intervals.
    "config rem UP1 /poll",
    "config rem UP1 /poll 0",
    "config add PHONE /poll 1",
    "config add UP1 /provision 0",
    "mod cmd UP1 provision 5",
  ],
  invalid: [
    {
      name: "what innovaphone's update server emits while provisioning: every device polls every minute",
      code: "mod cmd UP1 provision 5\nconfig add UP1 /poll 1",
      errors: [
        {
          range: "1:21-1:22",
          severity: "info",
          message:
            "every device that runs this polls every minute: 1,440 polls a day per device, 15 times as many as at the default 15 minutes; make sure the update server can take the load of the whole fleet",
        },
      ],
    },
    {
      name: "polls a day that are no whole number",
      code: "config change UP1 /url http%3A%2F%2F10.0.0.5%2F /POLL 7",
      errors: [
        {
          range: "0:54-0:55",
          severity: "info",
          message: /^every device that runs this polls every 7 minutes: about 206 polls a day per device, about 2\.1 times as many as at the default 15 minutes;/,
        },
      ],
    },
    {
      name: "no positive whole number: errors",
      code: "config add UP1 /poll 0\r\nconfig add UP1 /poll-fast x\r\nconfig add UP1 /poll /no-dhcp\r\nconfig change UP1 /poll-fast",
      errors: [
        { range: "0:21-0:22", severity: "error", message: "'0' is not a positive whole number: /poll takes the minutes between two polls, e.g. /poll 15" },
        { range: "1:26-1:27", severity: "error", message: "'x' is not a positive whole number: /poll-fast takes the minutes between two polls, e.g. /poll-fast 1" },
        { range: "2:15-2:20", severity: "error", message: "/poll needs a number of minutes between polls, e.g. /poll 15" },
        { range: "3:18-3:28", severity: "error", message: "/poll-fast needs a number of minutes between polls, e.g. /poll-fast 1" },
      ],
    },
  ],
});
