// Where the browser tests find Chromium: Debian's package by default (apt-get install chromium).
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
