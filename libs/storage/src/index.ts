export * from './image-storage';
export * from './image-paths';
export { LocalImageStorage } from './local-image-storage';
export { StorageModule } from './storage.module';
