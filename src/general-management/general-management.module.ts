import { Module } from '@nestjs/common';
import { GeneralManagementController } from './general-management.controller';
import { GeneralManagementService } from './general-management.service';

@Module({ controllers: [GeneralManagementController], providers: [GeneralManagementService] })
export class GeneralManagementModule {}
