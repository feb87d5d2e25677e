import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageRejectedError, InvalidEnvironmentError } from '@app/core';
import { DEFAULT_MATCH_SCORE, type FaceAnalysis, type FaceBox, FaceEngine, type FaceTemplate } from '@app/face';
import { maskDni } from '@app/renaper';
import type { FixturePerson } from './fixture-people';

/** What the registry's ABIS answers about one submitted face. */
export interface FaceVerdict {
  status: 'HIT' | 'NO_HIT' | 'ERROR';
  /** The face engine's calibrated score 0..100 (≥ 30 is a match). */
  score: number;
  comments: string;
}

interface RegistryFace {
  photo: Buffer;
  template: FaceTemplate;
}

/** Margin around the face box, as a fraction of its longer side: a passport-like portrait. */
const PORTRAIT_MARGIN = 0.6;

/**
 * The registry's photos: each fixture person's face cut out of a test photo at start-up, with its
 * template, and the comparison of a submitted face against it.
 */
export class RegistryFaces {
  private constructor(
    private readonly engine: FaceEngine,
    private readonly faces: Map<string, RegistryFace>,
  ) {}

  static async prepare(engine: FaceEngine, people: FixturePerson[], photosDir: string): Promise<RegistryFaces> {
    const sources = new Map<string, Promise<{ bytes: Buffer; analysis: FaceAnalysis }>>();
    const source = (file: string) => {
      if (!sources.has(file)) {
        sources.set(
          file,
          readFile(join(photosDir, file)).then(async (bytes) => ({ bytes, analysis: await engine.analyze(bytes) })),
        );
      }
      return sources.get(file) as Promise<{ bytes: Buffer; analysis: FaceAnalysis }>;
    };

    const faces = new Map<string, RegistryFace>();
    for (const person of people) {
      const where = `registry photo of ${maskDni(person.dni)} (${person.photo.file})`;
      const { bytes, analysis } = await source(person.photo.file).catch((error: Error) => {
        throw new InvalidEnvironmentError([`${where}: ${error.message}`]);
      });
      const box = 'box' in person.photo ? person.photo.box : analysis.faces[person.photo.face]?.box;
      if (!box)
        throw new InvalidEnvironmentError([
          `${where}: the photo has ${analysis.faces.length} faces, no face #${'face' in person.photo ? person.photo.face : '?'}`,
        ]);
      const photo = await cropPortrait(bytes, box, analysis.image);
      const primary = (await engine.analyze(photo)).primary;
      if (!primary) throw new InvalidEnvironmentError([`${where}: no face found in the cropped portrait`]);
      faces.set(person.dni, { photo, template: primary.template });
    }
    return new RegistryFaces(engine, faces);
  }

  /** The registry photo (JPEG) of a fixture person. */
  photo(dni: string): Buffer | undefined {
    return this.faces.get(dni)?.photo;
  }

  /** Compares a submitted JPEG with the person's registry photo. Never rejects: problems become verdicts. */
  async judge(dni: string, jpeg: Buffer): Promise<FaceVerdict> {
    const registryFace = this.faces.get(dni);
    if (!registryFace) return { status: 'ERROR', score: 0, comments: 'Persona sin foto en el registro' };
    try {
      const primary = (await this.engine.analyze(jpeg)).primary;
      if (!primary) return { status: 'NO_HIT', score: 0, comments: 'No se detectó un rostro en la imagen' };
      const { score } = this.engine.compare(primary.template, registryFace.template);
      return score >= DEFAULT_MATCH_SCORE
        ? { status: 'HIT', score, comments: 'Coincidencia facial' }
        : { status: 'NO_HIT', score, comments: 'Sin coincidencia facial' };
    } catch (error) {
      if (error instanceof ImageRejectedError) return { status: 'NO_HIT', score: 0, comments: `Imagen no procesable: ${error.reason}` };
      return { status: 'ERROR', score: 0, comments: 'Error interno del comparador' };
    }
  }
}

async function cropPortrait(bytes: Buffer, box: FaceBox, image: { width: number; height: number }): Promise<Buffer> {
  const margin = Math.round(Math.max(box.width, box.height) * PORTRAIT_MARGIN);
  const left = Math.max(0, Math.round(box.x) - margin);
  const top = Math.max(0, Math.round(box.y) - margin);
  const width = Math.min(image.width - left, Math.round(box.width) + 2 * margin);
  const height = Math.min(image.height - top, Math.round(box.height) + 2 * margin);
  // rotate() applies EXIF orientation first: the engine's boxes are in oriented pixels.
  return sharp(bytes).rotate().extract({ left, top, width, height }).jpeg({ quality: 90 }).toBuffer();
}
