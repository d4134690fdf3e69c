// class-transformer keeps its decorators' metadata in a module its package types only under types/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
