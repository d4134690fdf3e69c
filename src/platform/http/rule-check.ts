import type { Type } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { MetadataStorage, ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** One of a property's rules: the decorator's own constraint function with its arguments. */
interface Rule {
  each: boolean;
  constraints: unknown[];
  validate(value: unknown, args: ValidationArguments): unknown;
}

interface PropertyRules {
  name: string;
  /** IsOptional, ValidateIf: when one says no, the property's rules are skipped. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  rules: Rule[];
  nested: ClassRules | null;
  /** Whether null is a value of its own here (the validation pipe refuses it everywhere else). */
  nullable: boolean;
}

interface ClassRules {
  target: Type<unknown>;
  properties: Map<string, PropertyRules>;
}

/**
 * Whether a value passes a DTO's class-validator rules, as the validation pipe (whitelist,
 * forbidNonWhitelisted, no transform options) would find, without the validator's per-call work:
 * looking the rules up, building an error for every property, promises. The rules are looked up
 * once, and each is the decorator's own constraint function, so what passes here passes there.
 * It only answers yes or no; a value it does not pass goes through the pipe, which words the
 * problems (including the few shapes the pipe accepts and this does not, such as nested arrays).
 *
 * A DTO is refused when it is built if it uses what this does not model: asynchronous or
 * promise rules, IsDefined, nested objects without @Type, or any class-transformer transform,
 * exposure or exclusion (those change the value the pipe validates).
 */
export function compileRuleCheck<T>(dto: Type<T>): (value: unknown) => value is T {
  const rules = classRules(dto, undefined, new Map());
  return (value: unknown): value is T => isPlainObject(value) && passes(rules, value);
}

function classRules(target: Type<unknown>, schema: string | undefined, known: Map<Type<unknown>, ClassRules>): ClassRules {
  const seen = known.get(target);
  if (seen) return seen;
  const storage = getMetadataStorage();
  // The same selection as the validator's own (always, strictGroups and groups unset).
  const metadatas = storage.getTargetValidationMetadatas(target, schema as string, false, false, undefined);
  if (metadatas.length === 0) throw new Error(`${target.name} has no validation rules`);
  const refuse = (what: string) => new Error(`${target.name}: ${what} is not supported by the rule check`);
  if (defaultMetadataStorage.getExposedMetadatas(target).length || defaultMetadataStorage.getExcludedMetadatas(target).length) throw refuse('@Expose/@Exclude');

  const rules: ClassRules = { target, properties: new Map() };
  known.set(target, rules);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);

  for (const [name, propertyMetadatas] of byProperty) {
    if (defaultMetadataStorage.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS).length) throw refuse(`@Transform on ${name}`);
    const property: PropertyRules = { name, conditions: [], rules: [], nested: null, nullable: acceptsNull(target.prototype as object, name) };
    for (const metadata of propertyMetadatas) {
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
          break;
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) throw refuse(`the asynchronous rule ${constraint.name} on ${name}`);
            const instance = constraint.instance as { validate(value: unknown, args: ValidationArguments): unknown };
            property.rules.push({ each: metadata.each, constraints: metadata.constraints, validate: (value, args) => instance.validate(value, args) });
          }
          break;
        case ValidationTypes.NESTED_VALIDATION: {
          const type = defaultMetadataStorage.findTypeMetadata(target, name);
          if (!type || type.options?.discriminator) throw refuse(`@ValidateNested without a plain @Type on ${name}`);
          property.nested = classRules(type.typeFunction() as Type<unknown>, target.name, known);
          break;
        }
        default:
          throw refuse(`the ${metadata.type} rule on ${name}`);
      }
    }
    // A @Type without nested validation converts the value (a number from a string, say).
    if (!property.nested && defaultMetadataStorage.findTypeMetadata(target, name)) throw refuse(`@Type on ${name}`);
    rules.properties.set(name, property);
  }
  return rules;
}

/** Whether a DTO property documents null as a value of its own (e.g. "quietHours: null: none"). */
export function acceptsNull(prototype: object, property: string): boolean {
  const metadata = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) as { nullable?: boolean } | undefined;
  return metadata?.nullable === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A constraint's answer counts only when it is a plain yes: a promise is left to the pipe. */
const accepted = (result: unknown) => result === true;

function passes(rules: ClassRules, object: Record<string, unknown>): boolean {
  // whitelist with forbidNonWhitelisted: a property without rules is an error.
  for (const key of Object.keys(object)) if (!rules.properties.has(key)) return false;
  for (const property of rules.properties.values()) {
    const value = object[property.name];
    if (value === null && !property.nullable) return false;
    if (Array.isArray(value) && value.includes(null)) return false;
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const rule of property.rules) {
      const args: ValidationArguments = { targetName: rules.target.name, property: property.name, object, value, constraints: rule.constraints };
      if (rule.each && Array.isArray(value) ? !value.every((item) => accepted(rule.validate(item, args))) : !accepted(rule.validate(value, args))) return false;
    }
    if (property.nested && value !== undefined && !nestedPasses(property.nested, value)) return false;
  }
  return true;
}

/** The pipe builds the @Type class from an object, or from each object of an array. */
function nestedPasses(rules: ClassRules, value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => isPlainObject(item) && passes(rules, item));
  return isPlainObject(value) && passes(rules, value);
}
