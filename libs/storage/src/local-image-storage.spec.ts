import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalImageStorage } from './local-image-storage';

describe('LocalImageStorage', () => {
  let root: string;
  let storage: LocalImageStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kyc-storage-'));
    storage = new LocalImageStorage(join(root, 'images'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores and reads bytes back, creating the folders', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]);
    await storage.put('organizations/o1/face-match/v1/document.jpg', bytes);
    await expect(storage.get('organizations/o1/face-match/v1/document.jpg')).resolves.toEqual(bytes);
    expect(storage.provider).toBe('local');
  });

  it('writes files readable by the owner only and leaves no temporary file behind', async () => {
    await storage.put('a/b/selfie.png', Buffer.from('first'));
    await storage.put('a/b/selfie.png', Buffer.from('second'));
    const file = join(root, 'images', 'a', 'b', 'selfie.png');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, 'images', 'a', 'b'))).toEqual(['selfie.png']);
    await expect(storage.get('a/b/selfie.png')).resolves.toEqual(Buffer.from('second'));
  });

  it('answers null for bytes that are not there', async () => {
    await expect(storage.get('nothing/here.jpg')).resolves.toBeNull();
  });

  it('deletes, and deleting twice is not an error', async () => {
    await storage.put('x/y.jpg', Buffer.from('img'));
    await storage.delete('x/y.jpg');
    await expect(storage.get('x/y.jpg')).resolves.toBeNull();
    await expect(storage.delete('x/y.jpg')).resolves.toBeUndefined();
  });

  it.each(['../outside.jpg', 'a/../../outside.jpg', '/etc/passwd', '', 'a\\..\\..\\b', 'a/\0b', '.', 'a/..'])(
    'refuses the path %j, which is not a file under the root',
    async (path) => {
      await expect(storage.put(path, Buffer.from('x'))).rejects.toThrow(/storage path/i);
      await expect(storage.get(path)).rejects.toThrow(/storage path/i);
      await expect(storage.delete(path)).rejects.toThrow(/storage path/i);
    },
  );

  it('does not write outside the root when refusing a path', async () => {
    await expect(storage.put('../escaped.jpg', Buffer.from('x'))).rejects.toThrow();
    expect(readdirSync(root)).not.toContain('escaped.jpg');
  });
});
