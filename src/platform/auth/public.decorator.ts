import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'convene:public';

/** Routes anyone may call without an API key: RSVP and feedback links, health, metrics. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
