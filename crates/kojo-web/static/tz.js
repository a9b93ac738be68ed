// kojo: on the audit log page, shows the times at the browser's UTC offset when the reader
// has not chosen one (no cookie, no tz in the address): picks that offset in the time zone
// select and sends the filter form once. Without this script the times are in UTC.
(function () {
  "use strict";
  var form = document.getElementById("audit-filter");
  var select = document.getElementById("audit-tz");
  if (!form || !select || form.getAttribute("data-tz-chosen") !== "0") {
    return;
  }
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  var east = -new Date().getTimezoneOffset();
  var abs = Math.abs(east);
  var code = east === 0 ? "UTC" : (east > 0 ? "+" : "-") + pad(Math.floor(abs / 60)) + ":" + pad(abs % 60);
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === code) {
      select.value = code;
      form.submit();
      return;
    }
  }
})();
