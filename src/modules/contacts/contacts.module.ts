import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactDeliverability } from './contact-deliverability';
import { Contact } from './contact.entity';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { ImportBodyLimitHook } from './import-body-limit.hook';
import { RegionsCatalog } from './regions-catalog';

/** The contacts directory, the audiences waves draw from, and the UN regions reference data. */
@Module({
  imports: [TypeOrmModule.forFeature([Contact])],
  controllers: [ContactsController],
  providers: [ContactsService, RegionsCatalog, ImportBodyLimitHook, ContactDeliverability],
  exports: [ContactsService, RegionsCatalog],
})
export class ContactsModule {}
