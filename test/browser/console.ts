// Helpers of the console's browser tests: where screenshots go (docs/console/, linked from the
// README) and signing in through the page, as a person does.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

export const SHOTS = fileURLToPath(new URL('../../docs/console/', import.meta.url));

export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Access token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
