; The Windows installer of the desk app: the one folder built by build_installer.spec
; (dist\ektp-desk, with ektp-desk.exe for the window and ektp-desk-cli.exe for commands)
; into Program Files, for every Windows account of the PC.
;
;   makensis -DSOURCE=dist/ektp-desk resources/installer/ektp-desk.nsi
;
; from the checkout's root (SOURCE is taken from there, or give an absolute path); optional
; -DVERSION=1.2.3 (default: ektp_desk/__init__.py's) and -DOUTFILE=path.exe (default:
; dist/ektp-desk-VERSION-setup.exe). It
; - copies the folder into "Program Files\ektp-desk" and registers an uninstaller;
; - makes Start-menu shortcuts (the desk, the demo, the uninstaller) and one on the desktop;
; - makes the per-machine data dir %ProgramData%\ektp-desk, which the app uses on Windows,
;   open to the PC's Windows users (modify) and Administrators (full) only: icacls, since
;   Debian's NSIS has no AccessControl plugin; SYSTEM keeps full control, as Windows needs;
; - schedules two tasks at the log-on of any user: `ektp-desk-cli backup --auto` (a backup
;   when the last is over a day old) and `ektp-desk sync` (the sync service, in the
;   background: the windowed program, so no console window stays open).
; The uninstaller removes the program, the shortcuts and the tasks, and keeps the data dir:
; it holds the recordings.
; A newer installer run over an installed desk updates it in place, the old version's
; _internal folder removed first.

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define APP "ektp-desk"
!define PUBLISHER "ektp-desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define TASK_FOLDER "ektp-desk"

; makensis works in this folder; paths given on the command line are the checkout root's.
!cd "../.."

!ifndef SOURCE
  !error "give the one-folder app: makensis -DSOURCE=dist/ektp-desk resources/installer/ektp-desk.nsi"
!endif
!ifndef VERSION
  !searchparse /file "ektp_desk/__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef OUTFILE
  !define OUTFILE "dist/${APP}-${VERSION}-setup.exe"
!endif

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT License"

!define MUI_ICON "resources\icons\ektp-desk.ico"
!define MUI_UNICON "resources\icons\ektp-desk.ico"
!define MUI_ABORTWARNING
; "Start ektp-desk" on the finish page: not from this elevated setup (the desk would run as
; Administrator, and make its files as Administrator), but through the logged-on user's
; shell, un-elevated (RunDeskAsUser).
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION RunDeskAsUser
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP} memerlukan Windows 64-bit."
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function RunDeskAsUser
  ; Explorer, asked by this elevated process, hands the start to the running shell of the
  ; logged-on user: the desk runs with that user's rights, not the setup's.
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\ektp-desk.exe"'
FunctionEnd

; One task in the Task Scheduler, written as XML (UTF-16, as schtasks reads it): started at
; the log-on of any member of Users (S-1-5-32-545), as that user, with no elevation.
; $R0: the task's name; $R1: the program; $R2: its arguments; $R3: its time limit.
Function WriteTask
  GetTempFileName $R9
  FileOpen $R8 $R9 w
  FileWriteWord $R8 0xFEFF
  FileWriteUTF16LE $R8 '<?xml version="1.0" encoding="UTF-16"?>$\r$\n'
  FileWriteUTF16LE $R8 '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">$\r$\n'
  FileWriteUTF16LE $R8 '<RegistrationInfo><Author>${APP}</Author></RegistrationInfo>$\r$\n'
  FileWriteUTF16LE $R8 '<Triggers><LogonTrigger><Enabled>true</Enabled><Delay>PT1M</Delay></LogonTrigger></Triggers>$\r$\n'
  FileWriteUTF16LE $R8 '<Principals><Principal id="Author"><GroupId>S-1-5-32-545</GroupId><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>$\r$\n'
  FileWriteUTF16LE $R8 '<Settings><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>'
  FileWriteUTF16LE $R8 '<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries><StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>'
  FileWriteUTF16LE $R8 '<StartWhenAvailable>true</StartWhenAvailable><ExecutionTimeLimit>$R3</ExecutionTimeLimit></Settings>$\r$\n'
  FileWriteUTF16LE $R8 '<Actions Context="Author"><Exec><Command>"$R1"</Command><Arguments>$R2</Arguments></Exec></Actions>$\r$\n'
  FileWriteUTF16LE $R8 '</Task>$\r$\n'
  FileClose $R8
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Create /F /TN "${TASK_FOLDER}\$R0" /XML "$R9"'
  Pop $R7
  Delete $R9
  ${If} $R7 != 0
    DetailPrint "schtasks: the task $R0 was not made ($R7)"
  ${EndIf}
FunctionEnd

Section "ektp-desk" SecMain
  SectionIn RO
  ; An update: the background sync of a logged-on user holds the program's files.
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /End /TN "${TASK_FOLDER}\sync"'
  Pop $0

  ; An update from the window: the desk starts this setup, then closes itself. Wait for it
  ; (a running program's file cannot be opened for writing), up to 30 s, then ask, so that
  ; nothing of the old version is removed while it still runs.
  wait_again:
  StrCpy $1 0
  wait_for_desk:
  IfFileExists "$INSTDIR\ektp-desk.exe" 0 desk_closed
  ClearErrors
  FileOpen $2 "$INSTDIR\ektp-desk.exe" a
  IfErrors 0 desk_file_free
  IntOp $1 $1 + 1
  ${If} $1 < 30
    Sleep 1000
    Goto wait_for_desk
  ${EndIf}
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "ektp-desk masih berjalan. Tutup programnya, lalu pilih Retry. (ektp-desk is still running: close it, then choose Retry.)" IDRETRY wait_again
  Abort
  desk_file_free:
  FileClose $2
  desk_closed:

  ; An update: the old version's libraries go first, so none of them stays beside the new
  ; ones (File /r only adds and overwrites). Only the program's own folder: the data dir
  ; (%ProgramData%\ektp-desk) is elsewhere and is never touched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The data dir of every account of this PC (ektp_desk/paths.py), open to Users and
  ; Administrators only; what they make in it inherits that.
  CreateDirectory "$APPDATA\${APP}"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\${APP}" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)M'
  Pop $0
  ${If} $0 != 0
    DetailPrint "icacls: the rights of $APPDATA\${APP} were not set ($0)"
  ${EndIf}

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\ektp-desk.lnk" "$INSTDIR\ektp-desk.exe" "" "$INSTDIR\ektp-desk.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP}\ektp-desk (demo).lnk" "$INSTDIR\ektp-desk.exe" "--demo" "$INSTDIR\ektp-desk.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP}\Uninstall ektp-desk.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\ektp-desk.lnk" "$INSTDIR\ektp-desk.exe" "" "$INSTDIR\ektp-desk.exe" 0

  StrCpy $R0 "backup"
  StrCpy $R1 "$INSTDIR\ektp-desk-cli.exe"
  StrCpy $R2 "backup --auto"
  StrCpy $R3 "PT2H"
  Call WriteTask
  StrCpy $R0 "sync"
  StrCpy $R1 "$INSTDIR\ektp-desk.exe"
  StrCpy $R2 "sync"
  StrCpy $R3 "PT0S"
  Call WriteTask

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\ektp-desk.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /End /TN "${TASK_FOLDER}\sync"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /F /TN "${TASK_FOLDER}\sync"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /F /TN "${TASK_FOLDER}\backup"'
  Pop $0
  Delete "$DESKTOP\ektp-desk.lnk"
  RMDir /r "$SMPROGRAMS\${APP}"
  ; What the setup put there, and the folder if that leaves it empty: never a folder of
  ; the person's choosing with its other contents.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\ektp-desk.exe"
  Delete "$INSTDIR\ektp-desk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; %ProgramData%\ektp-desk stays: it holds the desk's recordings and backups.
SectionEnd
