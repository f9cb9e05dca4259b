/* The idea form on village internet (progressive enhancement: without this script the form
   posts its photos and the server keeps them with the draft all the same).

   - Photos are made smaller here before they travel: at most 1600 px on the long side, a JPEG
     of about 300 KB, then uploaded at once into the draft (ideas/drafts API) with a progress
     bar, so the final "Submit" carries text only.
   - What is typed is saved as a draft on the server while the writer types, and in this
     browser's storage too, so a dropped connection or a closed tab loses nothing; the browser
     copy is sent when the connection returns. */
(function () {
  "use strict";
  var form = document.getElementById("idea-form");
  if (!form || !window.fetch || !window.FormData) return;
  var FIELDS = ["title", "summary", "description", "category", "community", "estimated_cost",
    "beneficiaries", "latitude", "longitude"];
  var MAX_SIDE = 1600, TARGET_BYTES = 300 * 1024;
  var d = form.dataset, api = d.drafts, draftId = d.draft || null;
  var key = "idea-draft:" + d.user + ":" + d.cycle;
  var input = form.querySelector("input[type=file][name=images]");
  var list = form.querySelector("ul.thumbs");
  var bar = document.getElementById("upload-progress");
  var statusLine = document.getElementById("draft-status");
  var token = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  function say(text) { if (statusLine) statusLine.textContent = text || ""; }

  function values() {
    var out = {};
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el && typeof el.value === "string") out[name] = el.value;
    });
    return out;
  }

  function request(method, url, body, json) {
    var headers = { "X-CSRFToken": token, "Accept": "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin",
      body: json ? JSON.stringify(body) : body
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw data;
        return data;
      });
    });
  }

  /* --- the draft's text: server first, this browser as the fallback --- */

  function keepLocally() {
    try {
      localStorage.setItem(key, JSON.stringify({ data: values(), at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server copy is all there is */ }
  }

  function saveToServer() {
    var data = values();
    var call = draftId
      ? request("PATCH", api + draftId + "/", { data: data }, true)
      : request("POST", api, { cycle: Number(d.cycle), data: data }, true);
    return call.then(function (draft) {
      draftId = String(draft.id);
      form.dataset.draft = draftId;
      say(d.saved);
      return draft;
    });
  }

  var timer = null;
  function autosave() {
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (navigator.onLine === false) { say(d.offline); return; }
      saveToServer().catch(function () { say(d.offline); });
    }, 1200);
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.data) return; // the idea page forgets it once submitted (site.js)
    var restored = false;
    FIELDS.forEach(function (name) {
      var el = form.elements[name], value = saved.data[name];
      if (el && value && !el.value) { el.value = value; restored = true; }
    });
    if (restored && navigator.onLine !== false) saveToServer().catch(function () {});
  }

  /* --- photos: smaller here, then straight into the draft --- */

  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return createImageBitmap(file);
      });
    }
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  function toBlob(canvas, quality) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
  }

  function smaller(file) {
    return loadImage(file).then(function (img) {
      var w = img.width, h = img.height, scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      if (scale === 1 && file.size <= TARGET_BYTES && file.type === "image/jpeg") return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
      var quality = 0.85;
      function attempt() {
        return toBlob(canvas, quality).then(function (blob) {
          if (blob && blob.size > TARGET_BYTES && quality > 0.45) {
            quality -= 0.1;
            return attempt();
          }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          return new File([blob], name, { type: "image/jpeg" });
        });
      }
      return attempt();
    }).catch(function () { return file; }); // not decodable here: the server decides
  }

  function upload(files) {
    return new Promise(function (resolve, reject) {
      var body = new FormData();
      files.forEach(function (f) { body.append("images", f, f.name); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", api + draftId + "/images/");
      xhr.setRequestHeader("X-CSRFToken", token);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable && bar) bar.value = Math.round((100 * e.loaded) / e.total);
      };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
        if (xhr.status >= 200 && xhr.status < 300) resolve(data); else reject(data);
      };
      xhr.onerror = function () { reject({}); };
      xhr.send(body);
    });
  }

  function showImages(images) {
    if (!list) return;
    list.textContent = "";
    images.forEach(function (image, i) {
      var li = document.createElement("li"), img = document.createElement("img");
      var remove = document.createElement("button");
      li.dataset.image = image.id;
      img.className = "thumb"; img.src = image.thumbnail; img.width = 96; img.height = 72;
      img.alt = String(i + 1);
      remove.type = "submit"; remove.name = "remove_image"; remove.value = image.id;
      remove.className = "link"; remove.formNoValidate = true; remove.textContent = d.remove;
      li.appendChild(img); li.appendChild(remove); list.appendChild(li);
    });
  }

  function refusal(data) {
    var e = (data && data.error) || {};
    var fields = e.fields || {};
    return (fields.images && fields.images[0]) || e.message || d.failed;
  }

  function putBack(files) {
    // the upload failed: the smaller files go with the form instead
    try {
      var dt = new DataTransfer();
      files.forEach(function (f) { dt.items.add(f); });
      input.files = dt.files;
    } catch (e) { /* old browser: the original files stay chosen */ }
  }

  var busy = null; // the photo upload in progress: a submit waits for it

  if (input) {
    input.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(input.files || []);
      if (!chosen.length) return;
      say(d.resizing);
      if (bar) { bar.hidden = false; bar.value = 0; }
      busy = Promise.all(chosen.map(smaller)).then(function (files) {
        input.disabled = true;
        say(d.uploading);
        var ready = draftId ? Promise.resolve() : saveToServer();
        return ready.then(function () { return upload(files); }).then(function (draft) {
          input.value = "";
          showImages(draft.images || []);
          say(d.uploaded);
        }, function (data) {
          putBack(files);
          say(refusal(data));
        });
      }).then(function () {
        input.disabled = false;
        if (bar) bar.hidden = true;
        busy = null;
      });
    });
  }

  form.addEventListener("input", function (e) {
    if (e.target && e.target.name && FIELDS.indexOf(e.target.name) >= 0) autosave();
  });
  form.addEventListener("change", function (e) {
    if (e.target && e.target.name && FIELDS.indexOf(e.target.name) >= 0) autosave();
  });
  form.addEventListener("submit", function (e) {
    keepLocally();
    if (!busy) return;
    e.preventDefault(); // the photos are still on their way: send the form when they arrive
    var submitter = e.submitter;
    busy.then(function () {
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  });
  window.addEventListener("online", function () { saveToServer().catch(function () {}); });
  restore();
})();
