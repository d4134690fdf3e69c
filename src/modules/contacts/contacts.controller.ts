import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../platform/http/uuid-param';
import { MAX_IMPORT_ROWS } from './contact-import';
import { ContactsService } from './contacts.service';
import { ContactListQuery, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  /** 409 when a contact already has this e-mail, whatever its case. */
  @Post()
  @HttpCode(201)
  create(@Body() body: CreateContactDto) {
    return this.contacts.create(body);
  }

  /**
   * Upsert by e-mail. CSV: a header row of field names, then one contact per row; rows are
   * numbered from 1 after the header. JSON: an array of contacts, the first being row 1.
   */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    description: `text/csv with a header row (email,fullName,stakeholderType,honorific,jobTitle,organisation,country,language,timezone,gender) or a JSON array of contacts; at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows`,
    schema: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] },
  })
  import(@Body() body: unknown) {
    return this.contacts.import(body);
  }

  @Get()
  list(@Query() query: ContactListQuery) {
    return this.contacts.list(query);
  }

  @Get(':id')
  get(@UuidParam() id: string) {
    return this.contacts.get(id);
  }

  /** Corrects the address; a new one makes a contact marked undeliverable deliverable again. */
  @Patch(':id')
  update(@UuidParam() id: string, @Body() body: UpdateContactDto) {
    return this.contacts.update(id, body);
  }

  /** Erasure of the person's data; 404 when unknown or already erased. */
  @Delete(':id')
  @HttpCode(204)
  async erase(@UuidParam() id: string): Promise<void> {
    await this.contacts.erase(id);
  }
}
