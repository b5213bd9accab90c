namespace ClaraPortal.Identity;
