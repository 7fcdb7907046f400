// Signing with NCALayer (the signing program of Kazakhstan's National Certification Authority), which listens
// on wss://127.0.0.1:13579 on the user's computer. The page signs the document's SHA-256 (64 hex characters) as
// a detached CMS with the "kz.gov.pki.knca.basics" module and puts the base64 CMS into the form; the server
// verifies it. Without NCALayer (or without JS) the form still works: the signature can be pasted.
(function () {
  "use strict";
  var URL = "wss://127.0.0.1:13579/";

  function sign(panel) {
    var status = panel.querySelector("[data-sign-status]");
    var missing = panel.querySelector("[data-ncalayer-missing]");
    var field = panel.querySelector("[data-sign-cms]");
    var say = function (text) { status.textContent = text; };
    missing.hidden = true;
    say(panel.dataset.msgConnecting);
    var socket, opened = false, done = false;
    try { socket = new WebSocket(URL); } catch (e) { missing.hidden = false; say(""); return; }
    var timer = window.setTimeout(function () { if (!opened) { socket.close(); missing.hidden = false; say(""); } }, 4000);
    socket.onopen = function () {
      opened = true;
      window.clearTimeout(timer);
      var signerParams = { extKeyUsageOids: ["1.3.6.1.5.5.7.3.4"] };
      if (panel.dataset.bin) { signerParams.bin = panel.dataset.bin; }
      socket.send(JSON.stringify({
        module: "kz.gov.pki.knca.basics", method: "sign",
        args: {
          allowedStorages: null, format: "cms", data: window.btoa(panel.dataset.sha256),
          signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: {} },
          signerParams: signerParams, locale: panel.dataset.locale === "kk" ? "kk" : (panel.dataset.locale === "en" ? "en" : "ru")
        }
      }));
      say(panel.dataset.msgWaiting);
    };
    socket.onmessage = function (event) {
      var answer;
      try { answer = JSON.parse(event.data); } catch (e) { return; }
      if (answer.result && answer.result.version) { return; }  // the greeting NCALayer sends on connect
      done = true;
      socket.close();
      if (answer.status === true) {
        var result = answer.body && answer.body.result;
        field.value = Array.isArray(result) ? result[0] : (result || answer.responseObject || "");
        say(panel.dataset.msgSigned);
        var form = document.getElementById(panel.dataset.form);
        var button = form && form.querySelector("[type=submit]");
        if (button) { button.focus(); }
      } else if (answer.code === "USER_CANCELED" || answer.code === "USER_CANCELLED") {
        say(panel.dataset.msgCancelled);
      } else {
        say(panel.dataset.msgError + " " + (answer.message || answer.code || ""));
      }
    };
    // Closed before answering: NCALayer is not running, refused the page, or stopped.
    socket.onclose = function () { if (!done) { window.clearTimeout(timer); missing.hidden = false; say(""); } };
  }

  document.querySelectorAll("[data-sign-panel]").forEach(function (panel) {
    var button = panel.querySelector("[data-sign-button]");
    button.hidden = false;
    button.addEventListener("click", function () { sign(panel); });
  });
})();
