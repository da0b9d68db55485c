import { config } from '../../../shared/config';
import { getStoredEndpoint, markSecretRotated, seedDepartmentEndpoint } from '../../../shared/departments/endpoints';
import { departmentEventKinds } from '../../../shared/departments/terms';
import { rotateSigningSecret, signingSecretIfAny } from '../../../shared/departments/secrets';

/** The department the local simulator plays (infra/local/department-simulator.ts). */
export const SIMULATED_DEPARTMENT = 'urban_management';

/**
 * Makes the simulator urban management's endpoint (its URL is this run's), receiving every case
 * change, and gives the department a signing secret the way `POST /departments/{id}/signing-secret`
 * does, unless it has one: a newcomer who escalates a demo request to urban management sees it go out
 * and come back. An endpoint an admin paused or re-pointed elsewhere is left alone.
 */
export async function seedSimulatedDepartment(casesUrl: string, now: Date): Promise<void> {
  const existing = await getStoredEndpoint(SIMULATED_DEPARTMENT);
  const simulated = !existing || /^http:\/\/127\.0\.0\.1:\d+\/cases$/.test(existing.url);
  if (simulated) {
    await seedDepartmentEndpoint({
      ...existing,
      departmentId: SIMULATED_DEPARTMENT,
      name: existing?.name ?? '城管（本地模拟）',
      url: casesUrl,
      categories: existing?.categories ?? [],
      events: existing?.events ?? [...departmentEventKinds],
      ratePerMinute: existing?.ratePerMinute ?? 60,
      status: existing?.status ?? 'active',
      updatedAt: now.toISOString(),
    });
  }
  // Only against the local Secrets Manager stand-in: never a real account's from a laptop.
  if (!config().secretsManagerEndpoint) {
    console.warn('[departments] no local Secrets Manager stand-in: the simulated department gets no signing secret');
    return;
  }
  if (!(await signingSecretIfAny(SIMULATED_DEPARTMENT))) {
    await rotateSigningSecret(SIMULATED_DEPARTMENT);
    await markSecretRotated(SIMULATED_DEPARTMENT, now);
  }
}
