// @peculiar/x509 throws at load time unless the Reflect metadata polyfill was loaded first, and
// ESM evaluates imports in order: every module takes the library from here, after the polyfill.
import 'reflect-metadata';

export * from '@peculiar/x509';
