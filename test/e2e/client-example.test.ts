import { describe, expect, it } from 'vitest';
import { WORKER_LOCATION_GCJ02, outdoorWorkerJourney } from '../../client/examples/outdoor-worker';
import { ApiProblem } from '../../client/index';
import { demoStation } from '../../infra/local/seeds/stations';
import { distanceMetres } from '../../shared/geo/geo';
import { useRuntime } from '../support/runtime';

const { api, runtime, signIn } = useRuntime();

describe('the typed client’s outdoor-worker example, against the local runtime', () => {
  it('books a seat at the station found by GCJ-02 coordinates, meets a full slot as ApiProblem slot_full, and leaves nothing booked', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const result = await outdoorWorkerJourney({ baseUrl: runtime().url, log: (line) => lines.push(line) });

    // Assess: the station found is the demo one, some 150 m from the worker's GCJ-02 point (about 500 m
    // had the service read it as WGS-84), and shown in GCJ-02.
    expect(result.station.id).toBe(demoStation.id);
    expect(result.station.location.coordSystem).toBe('gcj02');
    expect(result.station.distanceMetres).toBeGreaterThan(120);
    expect(result.station.distanceMetres).toBeLessThan(180);
    expect(distanceMetres(result.station.location, WORKER_LOCATION_GCJ02)).toBeLessThan(180);
    // The worker's seat, in the slot chosen.
    expect(result.reservation).toMatchObject({ stationId: demoStation.id, start: result.slot.start, seats: 1, status: 'confirmed' });
    // The full slot's refusal, typed.
    expect(result.fullSlotProblem).toBeInstanceOf(ApiProblem);
    expect(result.fullSlotProblem).toMatchObject({ status: 409, code: 'slot_full' });
    expect(result.fullSlotProblem.title).not.toBe('');
    expect(result.waitlisted).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    // Everything the example booked was cancelled: the slot is empty again.
    const worker = await signIn('demo-outdoor-worker');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(result.slot.start));
    const slots = await api('GET', `/stations/${demoStation.id}/slots?date=${day}`, { token: worker });
    const slot = slots.body.items.find((candidate: { start: string }) => candidate.start === result.slot.start);
    expect(slot).toMatchObject({ booked: 0, waitlisted: 0 });
    expect(lines.filter((line) => line.startsWith('cancelled '))).toHaveLength(3);
  });
});
