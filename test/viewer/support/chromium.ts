/**
 * Headless Debian Chromium through playwright-core. `launch` gives every browser a fresh temporary profile
 * of its own (playwright refuses an explicit --user-data-dir there) and removes it on close.
 */
import { type Browser, chromium } from "playwright-core"

export const launchChromium = async (): Promise<{ browser: Browser; close: () => Promise<void> }> => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })
  return {
    browser,
    close: async () => {
      await browser.close()
    }
  }
}
