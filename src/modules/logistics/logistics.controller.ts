import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { Doc } from '../../platform/http/api-docs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../platform/http/uuid-param';
import { SessionDto, TaskDto, TaskPatchDto, VenueDto } from './dto/logistics.dto';
import { LogisticsService } from './logistics.service';

/** The secretariat's side of venue logistics. */
@ApiTags('venue logistics')
@ApiBearerAuth()
@Controller('api')
export class LogisticsController {
  constructor(private readonly logistics: LogisticsService) {}

  @Doc({ summary: 'Set the venue and its rooms', description: 'The venue’s name, address and rooms with their capacities; replaces what was set before.', errors: [400, 404, 409] })
  @Put('conferences/:id/venue')
  putVenue(@UuidParam() id: string, @Body() body: VenueDto) {
    return this.logistics.putVenue(id, body);
  }

  @Doc({ summary: 'The venue and its rooms', description: 'The venue’s name, address and rooms.', errors: [404] })
  @Get('conferences/:id/venue')
  venue(@UuidParam() id: string) {
    return this.logistics.venue(id);
  }

  @Doc({ summary: 'Add a session to the agenda', description: 'A session in a room, with its times in the conference’s time zone; 409 naming the clashing session when the room is already booked.', errors: [400, 404, 409] })
  @Post('conferences/:id/sessions')
  addSession(@UuidParam() id: string, @Body() body: SessionDto) {
    return this.logistics.addSession(id, body);
  }

  @Doc({ summary: 'The agenda', description: 'The conference’s sessions with their rooms and times.', errors: [404] })
  @Get('conferences/:id/sessions')
  async sessions(@UuidParam() id: string) {
    return { items: await this.logistics.sessions(id), nextCursor: null };
  }

  @Doc({ summary: 'Add a checklist task', description: 'A logistics task with its due date; tasks due before the start must be done before the conference can be ready.', errors: [400, 404] })
  @Post('conferences/:id/tasks')
  addTask(@UuidParam() id: string, @Body() body: TaskDto) {
    return this.logistics.addTask(id, body);
  }

  @Doc({ summary: 'The checklist', description: 'The conference’s logistics tasks, seeded when it was created, with their due dates and whether they are done.', errors: [404] })
  @Get('conferences/:id/tasks')
  async tasks(@UuidParam() id: string) {
    return { items: await this.logistics.tasks(id), nextCursor: null };
  }

  @Doc({ summary: 'Change a checklist task', description: 'Its title, due date or whether it is done.', errors: [400, 404] })
  @Patch('tasks/:id')
  patchTask(@UuidParam() id: string, @Body() body: TaskPatchDto) {
    return this.logistics.patchTask(id, body);
  }

  @Doc({ summary: 'Delete a checklist task', description: 'Removes the task from the checklist.', errors: [404] })
  @Delete('tasks/:id')
  @HttpCode(204)
  deleteTask(@UuidParam() id: string) {
    return this.logistics.deleteTask(id);
  }

  @Doc({ summary: 'Where the venue stands', description: 'Headcount and capacity, rooms booked, badges, visa letters, the checklist, and every blocker to readiness spelled out.', errors: [404] })
  @Get('conferences/:id/logistics')
  overview(@UuidParam() id: string) {
    return this.logistics.overview(id);
  }
}
