import { Provider } from '@nestjs/common';
import { expect } from '@jest/globals';
import { DomainError, FaceConfig, faceConfig } from '@app/core';
import type { DniData } from '@app/document';
import type { FaceAdmission } from '@app/face';
import type { Parsed } from '../audit-trail/parsed';

/** The image limit the controllers read from the face config here: small, so "too large" costs a few KB. */
export const IMAGE_MAX_BYTES = 2048;

/** The face config the image endpoints' controllers inject; they read only `imageMaxBytes`. */
export const FACE_CONFIG: Provider = {
  provide: faceConfig.KEY,
  useValue: { imageMaxBytes: IMAGE_MAX_BYTES } satisfies Partial<FaceConfig>,
};

/** Bytes that start like a PNG / a JPEG: enough for the form readers and content-type sniffing; nothing decodes them here. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x02, 0x03, 0x04]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x05, 0x06, 0x07, 0x08]);

/** What a DNI barcode says, as the services hand it back (the ID verification, a session's decision). */
export const DNI_CARD: DniData = {
  documentNumber: '28456712',
  sex: 'F',
  tramite: '00623451287',
  ejemplar: 'B',
  lastName: 'GOMEZ',
  firstName: 'ANA',
  dateOfBirth: '1990-04-12',
  issueDate: '2020-01-15',
  expiryDate: '2035-01-15',
};

/** The face engine's room for a call, faked: a controller spec never analyses a face. */
export const NO_ANALYSIS: FaceAdmission = {
  analyze: () => Promise.reject(new Error('a controller spec analyses no face')),
  release: () => undefined,
};

/** A fake service method's answer, made when called: whatever `make` throws becomes a rejection, as from an async method. */
export function later<T>(make: () => T): Promise<T> {
  return Promise.resolve().then(make);
}

/** The reader's failure a controller handed to its service as a value: always the contract's INVALID_REQUEST. */
export function readFailure(parsed: Parsed<unknown> | undefined): DomainError {
  if (!parsed || parsed.ok) throw new Error(`expected a read failure, got ${JSON.stringify(parsed)}`);
  expect(parsed.error).toBeInstanceOf(DomainError);
  expect((parsed.error as DomainError).code).toBe('INVALID_REQUEST');
  return parsed.error as DomainError;
}

/** What a controller handed over when the read succeeded. */
export function readValue<T>(parsed: Parsed<T> | undefined): T {
  if (!parsed?.ok) throw new Error(`expected a value, got ${parsed ? String(parsed.error) : 'nothing'}`);
  return parsed.value;
}
