// `@napominalka/core/zone-names` stays a subpath for the services; the code lives in the domain.
export * from '@napominalka/domain/zone-names';
