// Enrolment photos: the tablet camera (getUserMedia) or an upload; each photo is checked by
// the server's quality gate before the accepted ones are enrolled together.
(function () {
  "use strict";
  const section = document.getElementById("enrolment");
  const enrolButton = document.getElementById("enrol");
  if (!section || !enrolButton) return;
  const customerId = section.dataset.customerId;
  // Words from the server in the page's language (staff_console/page_text/customer.py).
  const text = PageText.from("page-text");
  const video = document.getElementById("camera");
  const take = document.getElementById("take-photo");
  const list = document.getElementById("verdicts");
  const result = document.getElementById("enrol-result");
  const accepted = [];

  async function check(blob, name) {
    const item = document.createElement("li");
    item.textContent = text("checking", {name});
    list.append(item);
    const form = new FormData();
    form.append("photo", blob, name);
    try {
      const data = await StaffApi.upload(`/api/staff/customers/${customerId}/face/check`, form);
      item.textContent = text(data.accepted ? "accepted" : "refused", {name, reason: data.reason});
      item.className = data.accepted ? "ok" : "refused";
      if (data.accepted) accepted.push({blob, name});
    } catch (e) {
      item.textContent = text("not_checked", {name, reason: e.message});
      item.className = "refused";
    }
    enrolButton.disabled = accepted.length === 0;
  }

  document.getElementById("photo-upload").addEventListener("change", (e) => {
    Array.from(e.target.files).forEach((file) => check(file, file.name));
    e.target.value = "";
  });

  document.getElementById("start-camera").addEventListener("click", async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "user"}});
      video.srcObject = stream;
      video.hidden = false;
      take.hidden = false;
    } catch (e) {
      result.textContent = text("no_camera", {reason: e.message});
    }
  });

  let shot = 0;
  take.addEventListener("click", () => {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    shot += 1;
    canvas.toBlob((blob) => check(blob, text("camera_photo", {number: shot})), "image/jpeg", 0.92);
  });

  enrolButton.addEventListener("click", async () => {
    const form = new FormData();
    accepted.forEach((p) => form.append("photos", p.blob, p.name));
    enrolButton.disabled = true;
    result.textContent = text("enrolling");
    try {
      const data = await StaffApi.upload(`/api/staff/customers/${customerId}/face/enrol`, form);
      result.textContent = text("enrolled", {stored: data.stored});
    } catch (e) {
      result.textContent = text("not_enrolled", {reason: e.message});
      enrolButton.disabled = accepted.length === 0;
    }
  });
})();
