// `@napominalka/core/wall-clock` stays a subpath for the services; the code lives in the domain.
export * from '@napominalka/domain/wall-clock';
