import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './contact.entity';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { ImportBodyLimit } from './import-body-limit.middleware';
import { RegionsCatalog } from './regions-catalog';

/** The contacts directory, the audiences waves draw from, and the UN regions reference data. */
@Module({
  imports: [TypeOrmModule.forFeature([Contact])],
  controllers: [ContactsController],
  providers: [ContactsService, RegionsCatalog],
  exports: [ContactsService, RegionsCatalog],
})
export class ContactsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ImportBodyLimit).forRoutes({ path: 'api/contacts/import', method: RequestMethod.POST });
  }
}
