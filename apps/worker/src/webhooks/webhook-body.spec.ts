import { buildWebhookBody, WebhookBodySource } from './webhook-body';

function source(overrides: Partial<WebhookBodySource> = {}): WebhookBodySource {
  return {
    event: 'kyc.face_match.updated',
    createdAt: new Date('2025-03-01T12:00:00.123Z'),
    organizationId: '6d3f9f0e-0000-4000-8000-000000000001',
    payload: { id: 'v1', status: 'approved', warnings: [], score: 91.25 },
    ...overrides,
  };
}

describe('buildWebhookBody', () => {
  it('holds exactly event, timestamp (the event time, ISO 8601), organizationId and payload', () => {
    const body = JSON.parse(buildWebhookBody(source()).toString('utf8')) as Record<string, unknown>;
    expect(body).toEqual({
      event: 'kyc.face_match.updated',
      timestamp: '2025-03-01T12:00:00.123Z',
      organizationId: '6d3f9f0e-0000-4000-8000-000000000001',
      payload: { id: 'v1', status: 'approved', warnings: [], score: 91.25 },
    });
    expect(Object.keys(body)).toEqual(['event', 'timestamp', 'organizationId', 'payload']);
  });

  it('builds the same bytes from two separately read copies of the row, whenever it is built (retries resend an identical body)', () => {
    jest.useFakeTimers({ now: new Date('2025-03-01T12:00:05Z') });
    try {
      const first = buildWebhookBody(source());
      jest.setSystemTime(new Date('2025-03-02T08:00:00Z'));
      const again = buildWebhookBody(
        source({ createdAt: new Date('2025-03-01T12:00:00.123Z'), payload: { id: 'v1', status: 'approved', warnings: [], score: 91.25 } }),
      );
      expect(again.equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each<[string, Partial<WebhookBodySource>]>([
    ['event', { event: 'kyc.validation.updated' }],
    ['event time', { createdAt: new Date('2025-03-01T12:00:00.124Z') }],
    ['organization', { organizationId: '6d3f9f0e-0000-4000-8000-000000000002' }],
    ['payload value', { payload: { id: 'v1', status: 'approved', warnings: [], score: 91.26 } }],
    ['payload list', { payload: { id: 'v1', status: 'approved', warnings: ['LOW_QUALITY'], score: 91.25 } }],
  ])('builds different bytes when the %s differs', (_field, change) => {
    expect(buildWebhookBody(source(change)).equals(buildWebhookBody(source()))).toBe(false);
  });

  it('encodes non-ASCII text as UTF-8', () => {
    const body = buildWebhookBody(source({ payload: { vendorData: 'trámite ñandú' } }));
    expect(body.toString('utf8')).toContain('trámite ñandú');
    expect(body.length).toBeGreaterThan(body.toString('utf8').length);
  });
});
