import { classifyReply } from './registry-http';
import { RenaperPermanentError, RenaperTransientError } from './renaper-errors';

describe('classifyReply', () => {
  it('returns the body with lower-case keys on 2xx', () => {
    expect(classifyReply('person_data', 200, '{"ID_TRAMITE_PRINCIPAL":1}')).toEqual({ kind: 'answer', body: { id_tramite_principal: 1 } });
  });

  it('asks for a new token on 401, in the status or in the body', () => {
    expect(classifyReply('person_data', 401, 'nope')).toEqual({ kind: 'token_rejected' });
    expect(classifyReply('face_submit', 200, '{"codigo_http":401}')).toEqual({ kind: 'token_rejected' });
  });

  it.each([429, 500, 502, 503, 504])('HTTP %i is transient', (status) => {
    expect(() => classifyReply('person_data', status, '')).toThrow(RenaperTransientError);
  });

  it('a 5xx hidden in the body is transient too', () => {
    expect(() => classifyReply('person_data', 200, '{"CODIGO_HTTP":503}')).toThrow(RenaperTransientError);
  });

  it('names the IP allow-list refusal, permanently', () => {
    expect(() => classifyReply('token', 403, 'FORBIDDEN - REMOTE ADDRESS NOT ALLOWED')).toThrow(/REMOTE ADDRESS NOT ALLOWED/);
    expect(() => classifyReply('token', 403, 'FORBIDDEN - REMOTE ADDRESS NOT ALLOWED')).toThrow(RenaperPermanentError);
  });

  it.each([400, 404, 422])('other 4xx (%i) are permanent', (status) => {
    expect(() => classifyReply('person_data', status, '{}')).toThrow(RenaperPermanentError);
  });

  it('malformed answers are permanent', () => {
    expect(() => classifyReply('person_data', 200, '<html>')).toThrow(/not JSON/);
    expect(() => classifyReply('person_data', 200, '[1,2]')).toThrow(/not a JSON object/);
  });
});
