// Voice enrolment at the tablet: the customer reads three sentences and fresh digits (from
// the server); each is recorded with the tablet's microphone (getUserMedia), kept as 16 kHz
// mono WAV in the page only, and all are sent together to be enrolled, or nothing is kept.
(function () {
  "use strict";
  const section = document.getElementById("voice");
  const lines = document.getElementById("voice-lines");
  const enrolButton = document.getElementById("voice-enrol");
  if (!section || !lines || !enrolButton) return;
  const customerId = section.dataset.customerId;
  const text = PageText.from("page-text");
  const result = document.getElementById("voice-result");
  const RATE = 16000;
  const seconds = new Intl.NumberFormat(document.documentElement.lang || undefined,
    {numberingSystem: "latn", maximumFractionDigits: 1});
  const takes = [];  // one WAV blob per line, in order; the last is the digits
  let digits = "";

  // 16-bit PCM WAV of mono float samples.
  function wav(samples) {
    const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
    const ascii = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
    ascii(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); ascii(8, "WAVE");
    ascii(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true);
    view.setUint16(22, 1, true); view.setUint32(24, RATE, true);
    view.setUint32(28, RATE * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    ascii(36, "data"); view.setUint32(40, samples.length * 2, true);
    samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
    return new Blob([view], {type: "audio/wav"});
  }

  // Averaging down to 16 kHz (the microphone runs at the device's own rate).
  function downsample(chunks, rate) {
    const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    chunks.forEach((c) => { all.set(c, at); at += c.length; });
    const ratio = rate / RATE;
    const out = new Float32Array(Math.floor(all.length / ratio));
    for (let i = 0; i < out.length; i++) {
      const from = Math.floor(i * ratio), to = Math.min(all.length, Math.floor((i + 1) * ratio));
      let sum = 0;
      for (let j = from; j < to; j++) sum += all[j];
      out[i] = sum / Math.max(1, to - from);
    }
    return out;
  }

  async function record(index, button, status) {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({audio: true});
    } catch (e) {
      status.textContent = text("no_microphone", {reason: e.message});
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const tap = context.createScriptProcessor(4096, 1, 1);
    const chunks = [];
    tap.onaudioprocess = (e) => chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
    source.connect(tap);
    tap.connect(context.destination);
    status.textContent = text("recording");
    button.textContent = text("stop");
    button.onclick = () => {
      tap.disconnect(); source.disconnect();
      stream.getTracks().forEach((t) => t.stop());
      const samples = downsample(chunks, context.sampleRate);
      context.close();
      takes[index] = wav(samples);
      status.textContent = text("recorded", {seconds: seconds.format(samples.length / RATE)});
      button.textContent = text("record");
      button.onclick = () => record(index, button, status);
      enrolButton.disabled = takes.filter(Boolean).length < lines.children.length;
    };
  }

  function line(words, index) {
    const item = document.createElement("li");
    const said = document.createElement("p");
    said.className = "voice-line";
    said.textContent = words;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.dataset.line = String(index);
    button.textContent = text("record");
    const status = document.createElement("span");
    status.className = "muted";
    button.onclick = () => record(index, button, status);
    item.append(said, button, " ", status);
    return item;
  }

  async function load() {
    try {
      const prompt = await StaffApi.get(`/api/staff/customers/${customerId}/voice/prompt`);
      digits = prompt.digits;
      const all = [...prompt.sentences, text("read_digits", {digits: digits.split("").join(" ")})];
      lines.replaceChildren(...all.map(line));
    } catch (e) {
      result.textContent = text("prompt_failed", {reason: e.message});
    }
  }

  enrolButton.addEventListener("click", async () => {
    const form = new FormData();
    takes.slice(0, -1).forEach((blob, i) => form.append("sentences", blob, `sentence-${i + 1}.wav`));
    form.append("digits_recording", takes[takes.length - 1], "digits.wav");
    form.append("digits", digits);
    enrolButton.disabled = true;
    result.textContent = text("enrolling");
    try {
      const data = await StaffApi.upload(`/api/staff/customers/${customerId}/voice/enrol`, form);
      result.textContent = text("voice_enrolled", {stored: data.stored});
    } catch (e) {
      result.textContent = text("not_enrolled", {reason: e.message});
      enrolButton.disabled = false;
    }
  });

  load();
})();
